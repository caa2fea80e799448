import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeAfliteServer,
  type FakeAvantLinkServer,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl, testPool, testSchema } from './postgres';

/*
 * The outbox's promise under crashes (issue 10's acceptance): 1,000 conversions alternating both
 * networks, the fakes failing or dropping ~30 % of calls (a 503, a dropped connection, or an answer
 * that comes after the client gave up on a goal that WAS recorded), the shop process SIGKILLed at
 * random at least 5 times and restarted, each start re-recording what it had no answer for, then
 * flushing until nothing is pending. With the default store (a SQLite file) and with PostgreSQL:
 * no order missing at its network, no Aflite mref registered twice.
 */

const ORDERS = Number(process.env.CRASH_ORDERS ?? 1_000);
const KILLS = 5;
const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const shopScript = new URL('./crash/shop.mjs', import.meta.url).pathname;

let avantlink: FakeAvantLinkServer;
let aflite: FakeAfliteServer;
const dir = mkdtempSync(join(tmpdir(), 'ar-crash-'));

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: 'crash-key', merchantId: 'crash-mid' });
});
afterAll(async () => {
  await avantlink.close();
  await aflite.close();
  rmSync(dir, { recursive: true, force: true });
});

function chaos(): void {
  const faults = [
    { type: 'status' as const, status: 503 },
    { type: 'drop' as const },
    // Processed (a goal IS recorded), answered after the client's 500 ms timeout.
    { type: 'delay' as const, ms: 800 },
  ];
  avantlink.setRandomFaults({ rate: 0.3, faults });
  aflite.setRandomFaults({ rate: 0.3, faults });
}

/** Runs the shop until it says DONE, killing it `kills` times at random moments on the way. */
async function runWithCrashes(
  env: Record<string, string>,
  kills: number,
): Promise<{ kills: number; done: string }> {
  let killed = 0;
  for (let start = 0; start < 50; start += 1) {
    const child = spawn(process.execPath, [shopScript], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    if (killed < kills) {
      // Somewhere in the first second and a half: mid-checkout, mid-send or mid-flush.
      const at = 200 + Math.random() * 1_300;
      const timer = setTimeout(() => kill(child), at);
      const code = await exited;
      clearTimeout(timer);
      if (child.signalCode === 'SIGKILL') {
        killed += 1;
        continue;
      }
      if (code !== 0) throw new Error(`the shop failed (exit ${code}): ${err.slice(-2_000)}`);
    } else {
      const code = await exited;
      if (code !== 0) throw new Error(`the shop failed (exit ${code}): ${err.slice(-2_000)}`);
    }
    const done = out.split('\n').find((line) => line.startsWith('DONE '));
    if (done && killed >= kills) return { kills: killed, done };
  }
  throw new Error('the shop never finished');
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null) child.kill('SIGKILL');
}

function expectEveryOrderOnceAtItsNetwork(): void {
  const expectedAvantLink = new Set<string>();
  const expectedAflite = new Set<string>();
  for (let i = 0; i < ORDERS; i += 1) (i % 2 === 0 ? expectedAvantLink : expectedAflite).add(`crash-${i}`);
  // AvantLink: at least once (order_number makes a repeat harmless): every order there.
  const atAvantLink = new Set(avantlink.orders.map((sent) => sent.order.order_number));
  expect([...expectedAvantLink].filter((id) => !atAvantLink.has(id))).toEqual([]);
  expect([...atAvantLink].filter((id) => !expectedAvantLink.has(id))).toEqual([]);
  // Aflite: exactly once. A reused mref is an error there.
  const mrefs = aflite.goals.map((goal) => goal.mref);
  expect([...expectedAflite].filter((id) => !mrefs.includes(id))).toEqual([]);
  const twice = mrefs.filter((mref, index) => mrefs.indexOf(mref) !== index);
  expect(twice).toEqual([]);
  expect(aflite.errors.filter((error) => error.errors.some((e) => /Must be Unique/.test(e)))).toEqual([]);
}

describe(`${ORDERS} conversions, the fakes failing ~30 %, the shop killed ${KILLS} times`, () => {
  it('default store (SQLite file): 0 orders missing, 0 Aflite mrefs registered twice', async () => {
    avantlink.reset();
    aflite.reset();
    chaos();
    const run = await runWithCrashes(
      {
        CRASH_ORDERS: String(ORDERS),
        CRASH_CONFIRMED: join(dir, 'sqlite-confirmed.log'),
        AFFILIATE_RELAY_DB: join(dir, 'sqlite', 'deliveries.db'),
        CRASH_MERCHANT_ID: MERCHANT_ID,
        CRASH_AVANTLINK_URL: avantlink.url,
        CRASH_AFLITE_URL: aflite.url,
      },
      KILLS,
    );
    expect(run.kills).toBeGreaterThanOrEqual(KILLS);
    expect(JSON.parse(run.done.slice(5))).toMatchObject({ store: 'sqlite', pending: 0 });
    expect(
      readFileSync(join(dir, 'sqlite-confirmed.log'), 'utf8').split('\n').filter(Boolean).length,
    ).toBeGreaterThanOrEqual(ORDERS);
    expectEveryOrderOnceAtItsNetwork();
  }, 240_000);

  it('PostgreSQL store: 0 orders missing, 0 Aflite mrefs registered twice', async () => {
    avantlink.reset();
    aflite.reset();
    chaos();
    const schema = testSchema(testPool());
    const run = await runWithCrashes(
      {
        CRASH_ORDERS: String(ORDERS),
        CRASH_CONFIRMED: join(dir, 'postgres-confirmed.log'),
        CRASH_POSTGRES_URL: postgresUrl(),
        CRASH_SCHEMA: schema,
        CRASH_MERCHANT_ID: MERCHANT_ID,
        CRASH_AVANTLINK_URL: avantlink.url,
        CRASH_AFLITE_URL: aflite.url,
      },
      KILLS,
    );
    expect(run.kills).toBeGreaterThanOrEqual(KILLS);
    expect(JSON.parse(run.done.slice(5))).toMatchObject({ store: 'postgres', pending: 0 });
    expectEveryOrderOnceAtItsNetwork();
  }, 240_000);
});
