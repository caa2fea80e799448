import type { DoctorCheck, DoctorStatus } from '../../clients/network-doctor';

/** What the doctor found. */
export interface DoctorReport {
  checks: DoctorCheck[];
  /** Steps to follow by hand (`--send-test`: AvantLink's test link), by network name. */
  steps: { network: string; steps: readonly string[] }[];
  summary: Record<DoctorStatus, number>;
}

/**
 * @example
 * const report = reportOf(checks, []);
 */
export function reportOf(checks: DoctorCheck[], steps: DoctorReport['steps']): DoctorReport {
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const check of checks) summary[check.status] += 1;
  return { checks, steps, summary };
}

const LABEL: Record<DoctorStatus, string> = { pass: 'pass', warn: 'WARN', fail: 'FAIL' };

/**
 * The report as text: one line a check, its fix below a warn or a fail, then the steps.
 *
 * @example
 * io.out(formatReport(report));
 */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.id.length), 10);
  const lines = ['affiliate-relay doctor', ''];
  for (const check of report.checks) {
    lines.push(`  ${LABEL[check.status]}  ${check.id.padEnd(width)}  ${check.detail}`);
    if (check.status !== 'pass' && check.fix) lines.push(`        ${' '.repeat(width)}  fix: ${check.fix}`);
  }
  for (const { network, steps } of report.steps) {
    lines.push('', `${network} test link, by hand:`);
    for (const [index, step] of steps.entries()) lines.push(`  ${index + 1}. ${step}`);
  }
  const { pass, warn, fail } = report.summary;
  lines.push('', `${pass} passed, ${warn} warned, ${fail} failed`, '');
  return lines.join('\n');
}
