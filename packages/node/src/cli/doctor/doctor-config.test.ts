import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../clients/network-doctor';
import { run as runCli } from '../run';
import { runDoctor } from './doctor';
import type { DoctorReport } from './report';

/*
 * The doctor's configuration checks, one misconfiguration each, read from the environment the
 * examples use (or a config module). `--offline`: these tests make no request at all.
 */

const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const GOOD: Record<string, string> = {
  COOKIE_SECRET: 'q7Vd2mLx9RkT4bZp1sWc8nHy3fJg6aQe5uKo0iXv',
  AVANTLINK_MERCHANT_ID: MERCHANT_ID,
  AFLITE_API_KEY: 'a1b2c3d4e5f6',
  AFLITE_MERCHANT_ID: 'shop-42',
  AFLITE_GOAL_ID: '3',
  AFLITE_BASE_URL: 'https://aflite.co.uk',
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: Record<string, string | undefined>, cwd?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runDoctor(argv, {
    out: (text: string) => {
      stdout += text;
    },
    err: (text: string) => {
      stderr += text;
    },
    env,
    ...(cwd ? { cwd } : {}),
  });
  return { code, stdout, stderr };
}

async function report(
  env: Record<string, string | undefined>,
  argv: string[] = [],
): Promise<{ code: number; report: DoctorReport }> {
  const result = await run(['--json', '--offline', ...argv], env);
  return { code: result.code, report: JSON.parse(result.stdout) as DoctorReport };
}

function check(doctor: DoctorReport, id: string): DoctorCheck {
  const found = doctor.checks.find((each) => each.id === id);
  if (!found) throw new Error(`no check ${id} in ${doctor.checks.map((each) => each.id).join(', ')}`);
  return found;
}

describe('doctor: configuration', () => {
  it('a good configuration passes every check, exit 0', async () => {
    const { code, report: doctor } = await report(GOOD);
    expect(doctor.checks.filter((each) => each.status !== 'pass')).toEqual([]);
    expect(doctor.summary.fail).toBe(0);
    expect(code).toBe(0);
  });

  it('fails the placeholder cookie secret changeme, with its fix', async () => {
    const { code, report: doctor } = await report({
      ...GOOD,
      COOKIE_SECRET: 'changeme-changeme-changeme-changeme',
    });
    expect(check(doctor, 'cookie.secret')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('placeholder'),
    });
    expect(check(doctor, 'cookie.secret').fix).toContain('openssl rand -base64 48');
    expect(code).toBe(1);
  });

  it('fails a 16-character cookie secret', async () => {
    const { code, report: doctor } = await report({ ...GOOD, COOKIE_SECRET: 'Zq8Wm3Lp6Rt1Vx9K' });
    expect(check(doctor, 'cookie.secret')).toMatchObject({
      status: 'fail',
      detail: 'COOKIE_SECRET (cookie.secret) has 16 characters, fewer than 32',
      fix: expect.stringContaining('32+ characters'),
    });
    expect(code).toBe(1);
  });

  it('fails a missing cookie secret and COOKIE_INSECURE=1', async () => {
    const { report: doctor } = await report({ ...GOOD, COOKIE_SECRET: undefined, COOKIE_INSECURE: '1' });
    expect(check(doctor, 'cookie.secret')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not set'),
    });
    expect(check(doctor, 'cookie.secure')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Unset COOKIE_INSECURE'),
    });
  });

  it('fails the AvantLink merchant id of the wrong shape: the numeric legacy id, or not a UUID', async () => {
    const numeric = await report({ ...GOOD, AVANTLINK_MERCHANT_ID: '123456' });
    expect(check(numeric.report, 'avantlink.merchant-id')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining("the legacy API's merchant id"),
      fix: expect.stringContaining('merchant UUID'),
    });
    expect(numeric.code).toBe(1);
    const garbled = await report({ ...GOOD, AVANTLINK_MERCHANT_ID: `${MERCHANT_ID.slice(0, -1)}` });
    expect(check(garbled.report, 'avantlink.merchant-id')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not a UUID'),
    });
    const zeros = await report({ ...GOOD, AVANTLINK_MERCHANT_ID: '00000000-0000-0000-0000-000000000000' });
    expect(check(zeros.report, 'avantlink.merchant-id')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('placeholder'),
    });
  });

  it("fails Aflite's http:// URL (its documented default) unless --allow-http, which makes it a warn", async () => {
    const env = { ...GOOD, AFLITE_BASE_URL: undefined };
    const refused = await report(env);
    expect(check(refused.report, 'aflite.base-url')).toMatchObject({
      status: 'fail',
      detail: 'http://aflite.co.uk is plain http: the API key would travel unencrypted',
      fix: expect.stringContaining('https://aflite.co.uk'),
    });
    expect(refused.code).toBe(1);
    const allowed = await report(env, ['--allow-http']);
    expect(check(allowed.report, 'aflite.base-url')).toMatchObject({ status: 'warn' });
    expect(allowed.code).toBe(0);
  });

  it('fails placeholders in the Aflite credentials and a missing goal id', async () => {
    const { report: doctor } = await report({ ...GOOD, AFLITE_API_KEY: 'your-api-key', AFLITE_GOAL_ID: '' });
    expect(check(doctor, 'aflite.api-key')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('placeholder'),
    });
    expect(check(doctor, 'aflite.goal-id')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('AFLITE_GOAL_ID'),
    });
  });

  it('with reversals on, fails an auth key that is not 32 characters and a legacy merchant id that is not an integer', async () => {
    const { report: doctor } = await report({
      ...GOOD,
      AVANTLINK_AUTH_KEY: 'k'.repeat(20),
      AVANTLINK_LEGACY_MERCHANT_ID: MERCHANT_ID,
    });
    expect(check(doctor, 'avantlink.auth-key')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('20 characters'),
    });
    expect(check(doctor, 'avantlink.legacy-merchant-id')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('integer'),
    });
    const good = await report({
      ...GOOD,
      AVANTLINK_AUTH_KEY: `${'Ab3'.repeat(10)}xY`,
      AVANTLINK_LEGACY_MERCHANT_ID: '12345',
    });
    expect(check(good.report, 'avantlink.auth-key').status).toBe('pass');
    expect(check(good.report, 'avantlink.legacy-merchant-id').status).toBe('pass');
  });

  it('warns in test mode (AFFILIATE_RELAY_TEST_MODE=1), fails on a value it cannot read', async () => {
    const on = await report({ ...GOOD, AFFILIATE_RELAY_TEST_MODE: '1' });
    expect(check(on.report, 'relay.test-mode')).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('Unset AFFILIATE_RELAY_TEST_MODE'),
    });
    expect(on.code).toBe(0);
    const bad = await report({ ...GOOD, AFFILIATE_RELAY_TEST_MODE: 'maybe' });
    expect(check(bad.report, 'relay.test-mode').status).toBe('fail');
  });

  it('fails when no network is configured', async () => {
    const { code, report: doctor } = await report({ COOKIE_SECRET: GOOD.COOKIE_SECRET });
    expect(check(doctor, 'config.networks')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('AVANTLINK_MERCHANT_ID'),
    });
    expect(code).toBe(1);
  });

  describe('from a config module (--config)', () => {
    const dir = mkdtempSync(join(process.cwd(), '.tmp-doctor-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads its default export, and checks the options createRelay would refuse', async () => {
      writeFileSync(
        join(dir, 'relay-config.mjs'),
        `export default { cookie: { secret: ${JSON.stringify(GOOD.COOKIE_SECRET)} }, aflite: { apiKey: 'k-1', merchantId: 'm', goalId: 2, baseUrl: 'https://aflite.co.uk', traceOnly: true }, delivery: { concurency: 2 } };\n`,
      );
      const result = await run(['--json', '--offline', '--config', 'relay-config.mjs'], {}, dir);
      const doctor = JSON.parse(result.stdout) as DoctorReport;
      expect(check(doctor, 'config.source').detail).toBe('read from relay-config.mjs');
      expect(check(doctor, 'aflite.trace-only').status).toBe('warn');
      expect(check(doctor, 'config.create-relay')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('delivery.concurency: did you mean concurrency?'),
      });
      expect(result.code).toBe(1);
    });

    it('a module that is missing is a usage error (exit 2)', async () => {
      const result = await run(['--config', 'nope.mjs'], {}, dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('affiliate-relay doctor:');
    });
  });

  it('prints one line a check with the fix below, and the counts', async () => {
    const result = await run(['--offline'], { ...GOOD, COOKIE_SECRET: 'changeme' });
    expect(result.stdout).toMatch(
      /FAIL {2}cookie\.secret +COOKIE_SECRET \(cookie\.secret\) is a placeholder/,
    );
    expect(result.stdout).toMatch(/\n +fix: Set COOKIE_SECRET/);
    expect(result.stdout).toMatch(/\d+ passed, 0 warned, 2 failed\n/);
    expect(result.code).toBe(1);
  });

  it('refuses an unknown option (exit 2); the dispatcher runs doctor and refuses an unknown command', async () => {
    expect((await run(['--urll', 'x'], GOOD)).code).toBe(2);
    let out = '';
    const io = {
      out: (text: string) => {
        out += text;
      },
      err: (text: string) => {
        out += text;
      },
      env: GOOD,
      cwd: process.cwd(),
      isTTY: false,
    };
    expect(await runCli(['doctor', '--offline'], io)).toBe(0);
    expect(out).toContain('affiliate-relay doctor');
    out = '';
    expect(await runCli(['doktor'], io)).toBe(2);
    expect(out).toContain('unknown command doktor');
    expect(out).toContain('doctor ');
  });
});
