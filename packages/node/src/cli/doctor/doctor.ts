import type { DoctorCheck } from '../../clients/network-doctor';
import type { RelayConfig } from '../../relay/config';
import type { CliIo } from '../io';
import { DOCTOR_USAGE, parseDoctorArgs, UsageError } from './args';
import { clockChecks } from './clock-checks';
import { collectChecks } from './collect-checks';
import { configChecks, cookieMaxAge } from './config-checks';
import { loadDoctorConfig } from './config-source';
import { landingChecks } from './landing-checks';
import { NETWORK_DOCTORS } from './networks';
import { type DoctorReport, formatReport, reportOf } from './report';

/**
 * `affiliate-relay doctor`: checks a shop before it goes live and resolves the exit code: 0 when no
 * check failed (warns allowed), 1 when one did, 2 for a command line it cannot run. Read-only unless
 * `--send-test` (one Aflite `traceOnly=1` goal, which Aflite does not record).
 *
 * @example
 * const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text), env: process.env };
 * process.exitCode = await runDoctor(['--url', 'https://shop.example'], io);
 */
export async function runDoctor(
  argv: readonly string[],
  io: Pick<CliIo, 'out' | 'err' | 'env'> & { cwd?: string },
): Promise<number> {
  let args: ReturnType<typeof parseDoctorArgs>;
  try {
    args = parseDoctorArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`affiliate-relay doctor: ${error.message}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(DOCTOR_USAGE);
    return 0;
  }
  let config: Partial<RelayConfig>;
  let source: string;
  try {
    ({ config, source } = await loadDoctorConfig(args.config, io.env, io.cwd ?? process.cwd()));
  } catch (error) {
    io.err(`affiliate-relay doctor: ${(error as Error).message}\n`);
    return 2;
  }
  const checks: DoctorCheck[] = [{ id: 'config.source', status: 'pass', detail: `read from ${source}` }];
  checks.push(...configChecks(config, { allowHttp: args.allowHttp, env: io.env }));
  const configured = NETWORK_DOCTORS.filter((network) => config[network.id] !== undefined).map(
    (network) => [network, config[network.id]] as const,
  );
  const [clock, site] = await Promise.all([
    args.offline ? Promise.resolve<DoctorCheck[]>([]) : clockChecks(configured),
    args.url
      ? Promise.all([
          collectChecks(args.url, {
            collectPath: args.collectPath,
            maxAgeSeconds: cookieMaxAge(config),
            ...(args.checkoutUrl ? { checkoutHost: args.checkoutUrl.hostname } : {}),
          }),
          landingChecks(args.url, { landing: args.landing, ...(args.script ? { script: args.script } : {}) }),
        ]).then((parts) => parts.flat())
      : Promise.resolve<DoctorCheck[]>([]),
  ]);
  checks.push(...site, ...clock);
  const steps: DoctorReport['steps'] = [];
  if (args.sendTest) {
    for (const [network, options] of configured) {
      const result = await network.sendTest(options);
      checks.push(...result.checks);
      if (result.steps) steps.push({ network: network.name, steps: result.steps });
    }
  }
  const report = reportOf(checks, steps);
  io.out(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return report.summary.fail > 0 ? 1 : 0;
}
