import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type FakeAfliteServer,
  type FakeAvantLinkServer,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCTOR_MERCHANT_ID, doctorEnv, doctorReport } from '../../../test/fixtures/doctor-shop';

/*
 * A healthy shop: the Express example, started from its source with its own `start` script (as
 * examples/express/test does) and the environment it documents, against the testkit's fakes on
 * 127.0.0.1. The doctor, with the same environment, passes every check: config, --url (collect,
 * cookie, caches, landings, script), the clock against both fakes, and --send-test.
 */

const EXAMPLE = fileURLToPath(new URL('../../../../../examples/express/', import.meta.url));

let avantlink: FakeAvantLinkServer;
let aflite: FakeAfliteServer;
let child: ChildProcess | undefined;
let shopUrl = '';
let env: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), 'doctor-example-'));

function start(command: string[], extra: Record<string, string>): Promise<string> {
  const [program = 'node', ...args] = command;
  const spawned = spawn(program === 'node' ? process.execPath : program, args, {
    cwd: EXAMPLE,
    env: { ...process.env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child = spawned;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not start:\n${output}`)), 60_000);
    spawned.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url.replace(/\/$/, ''));
      }
    });
    spawned.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    spawned.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the example exited with ${code}:\n${output}`));
    });
  });
}

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: DOCTOR_MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: 'k-1', merchantId: 'shop-42' });
  env = doctorEnv({ avantlink: avantlink.url, aflite: aflite.url });
  const { scripts } = JSON.parse(readFileSync(join(EXAMPLE, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  // The shop's own store file, out of the example's folder; a Secure cookie (no COOKIE_INSECURE).
  shopUrl = await start(scripts.start.split(' '), {
    ...env,
    PORT: '0',
    AFFILIATE_RELAY_DB: join(dir, 'deliveries.db'),
  });
}, 90_000);

afterAll(async () => {
  if (child?.pid !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  await avantlink?.close();
  await aflite?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a healthy example shop (examples/express)', () => {
  it('passes every check of doctor --url --send-test, exit 0; nothing reached AvantLink, Aflite got one traceOnly goal', async () => {
    const { code, report } = await doctorReport(
      ['--url', shopUrl, '--landing', '/products/tent', '--send-test'],
      env,
    );
    expect(report.checks.filter((check) => check.status !== 'pass')).toEqual([]);
    const ids = report.checks.map((check) => check.id);
    for (const id of [
      'cookie.secret',
      'avantlink.merchant-id',
      'aflite.base-url',
      'config.create-relay',
      'collect.status',
      'collect.set-cookie',
      'cookie.secure-attribute',
      'cookie.max-age',
      'collect.cache-control',
      'collect.cache-hit',
      'landing.avantlink',
      'landing.aflite',
      'script.content-type',
      'script.sri',
      'clock.avantlink',
      'clock.aflite',
      'send-test.aflite',
      'send-test.avantlink',
    ]) {
      expect(ids).toContain(id);
    }
    expect(code).toBe(0);
    // Read-only toward AvantLink: the landings carried Sec-GPC: 1 and the beacon's touch has no click call.
    expect(avantlink.clicks).toEqual([]);
    expect(avantlink.orders).toEqual([]);
    expect(aflite.goals).toEqual([]);
    expect(aflite.traces).toHaveLength(1);
  });

  it("the example's own sample values are placeholders to the doctor: they fail", async () => {
    const { code, report } = await doctorReport(['--offline'], {
      ...env,
      COOKIE_SECRET: 'example-cookie-secret-of-at-least-32-characters',
      AFLITE_API_KEY: 'example-aflite-key',
    });
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual([
      'cookie.secret',
      'aflite.api-key',
    ]);
    expect(code).toBe(1);
  });
});
