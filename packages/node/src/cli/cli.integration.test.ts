import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, MERCHANT_ID, SECRET, VISITOR_ID } from '../../test/fixtures/relay';
import { migratedStore, postgresUrl } from '../../test/postgres';
import type { DeliveryStore } from '../delivery/contract';
import { createSqliteStore } from '../delivery/sqlite/store';
import { createRelay } from '../relay/create-relay';
import type { CliIo } from './io';
import { run } from './run';

/*
 * `npx affiliate-relay` against a real SQLite file and a real PostgreSQL (the one the tests start),
 * filled by a relay against the testkit's fakes: each command's output checked, exit codes, colour only
 * on a TTY, and no secret ever printed.
 */

const net = useFakeNetworks();
const dir = mkdtempSync(join(tmpdir(), 'ar-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRETS = ['test-api-key', MERCHANT_ID, SECRET];
const bin = new URL('../../dist/cli.js', import.meta.url).pathname;

const order = (orderId: string) => ({ orderId, subtotal: 10, currency: 'USD' });
const saved = (touch = avantlinkTouch()) => ({
  visitorId: VISITOR_ID,
  touches: [touch],
  source: 'server-cookie' as const,
});

/** Records o-sent, o-wait (AvantLink 503: backed off an hour) and o-refused (Aflite's 200 error) in `store`. */
async function fill(store: DeliveryStore): Promise<void> {
  const base = fakeNetworksConfig(net);
  const relay = createRelay({
    ...base,
    cookie: { secret: SECRET },
    store,
    delivery: { ...base.delivery, baseDelayMs: 3_600_000 },
  });
  await relay.recordConversion({ order: order('o-sent'), attribution: saved() });
  net.avantlink.injectFault({ type: 'status', status: 503, times: 2 });
  await relay.recordConversion({ order: order('o-wait'), attribution: saved() });
  net.aflite.injectFault({ type: 'status', status: 200, body: 'ERROR: Value is missing' });
  await relay.recordConversion({ order: order('o-refused'), attribution: saved(afliteTouch()) });
  await relay.recordConversion({ order: order('o-none'), attribution: null });
  await relay.close({ timeoutMs: 1_000 });
}

/** Runs the command line in-process; resolves its exit code and what it printed. */
async function cli(argv: string[], env: Record<string, string | undefined> = {}, isTTY = false) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    env,
    cwd: dir,
    isTTY,
  };
  const code = await run(argv, io);
  for (const secret of SECRETS) expect(out + err).not.toContain(secret);
  return { code, out, err };
}

describe('affiliate-relay on a SQLite file', () => {
  const file = join(dir, 'deliveries.db');

  it('status, why, list and redeliver: outputs and exit codes, and the running relay sends what redeliver made due', async () => {
    const store = createSqliteStore({ path: file });
    await fill(store);
    await store.close?.();
    const db = ['--db', file];

    const status = await cli(['status', ...db]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`store: ${file}`);
    expect(status.out).toMatch(/^pending: 1 \(clicks 0\)$/m);
    expect(status.out).toMatch(/^failed: 1$/m);
    expect(status.out).toMatch(/^oldest pending: .* UTC/m);
    expect(status.out).toContain('AvantLink: 1 pending, 0 failed');
    expect(status.out).toContain('Aflite: 0 pending, 1 failed');
    expect(JSON.parse((await cli(['status', '--json', ...db])).out)).toMatchObject({ pending: 1, failed: 1 });

    const why = await cli(['why', 'o-wait', ...db]);
    expect(why.code).toBe(0);
    expect(why.out).toMatch(/^Order o-wait: pending$/m);
    expect(why.out).toMatch(/waiting: AvantLink unreachable since .*503/);
    expect(why.out).toMatch(/attribution: server-cookie|attribution: saved/);
    expect(why.out).toMatch(/touch: AvantLink 77_f3afbe121 captured/);
    expect(why.out).toMatch(/attempt 1 .* UTC: pending .*503.*; next /);
    expect(why.out).not.toContain('\u001b[');
    const json = JSON.parse((await cli(['why', 'o-refused', '--json', ...db])).out);
    expect(json).toMatchObject({ verdict: 'refused', networks: { aflite: { state: 'refused' } } });
    expect((await cli(['why', 'o-none', ...db])).out).toMatch(/^Order o-none: no-attribution$/m);
    const unknown = await cli(['why', 'nope', ...db]);
    expect(unknown.code).toBe(3);
    expect(unknown.out).toContain('No record of order nope');

    const failed = await cli(['list', '--failed', ...db]);
    expect(failed.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^order o-refused Aflite failed attempts 1 .*Value is missing/),
    ]);
    expect((await cli(['list', '--pending', ...db])).out).toMatch(
      /^order o-wait AvantLink pending attempts 1 next /,
    );
    expect((await cli(['list', ...db])).code).toBe(2);

    const redeliver = await cli(['redeliver', 'o-wait', ...db]);
    expect(redeliver.code).toBe(0);
    expect(redeliver.out).toContain('AvantLink: due now');
    expect((await cli(['redeliver', 'o-sent', ...db])).out).toContain(
      'AvantLink: already sent: never sent again',
    );
    expect((await cli(['redeliver', 'nope', ...db])).code).toBe(3);

    // The shop's relay, started again on the file, sends it at its next pass: not an hour later.
    const again = createSqliteStore({ path: file });
    const relay = createRelay({ ...fakeNetworksConfig(net), cookie: { secret: SECRET }, store: again });
    await relay.flush();
    await relay.close();
    await again.close?.();
    expect(net.avantlink.orders.map((sent) => sent.order.order_number)).toEqual(['o-sent', 'o-wait']);
    expect((await cli(['why', 'o-wait', ...db])).out).toMatch(/^Order o-wait: sent$/m);
  });

  it('colour only on a TTY, and not with NO_COLOR', async () => {
    const store = createSqliteStore({ path: join(dir, 'colour.db') });
    await fill(store);
    await store.close?.();
    const db = ['--db', join(dir, 'colour.db')];
    expect((await cli(['why', 'o-wait', ...db], {}, true)).out).toContain('\u001b[33mpending\u001b[39m');
    expect((await cli(['why', 'o-wait', ...db], { NO_COLOR: '1' }, true)).out).not.toContain('\u001b[');
  });

  it('usage and a missing store: exit 2 and 1, and no file is created', async () => {
    expect((await cli([])).code).toBe(0);
    expect((await cli(['nope'])).code).toBe(2);
    expect((await cli(['why'], {})).code).toBe(2);
    const missing = await cli(['status', '--db', join(dir, 'missing.db')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no delivery store at');
  });

  it('the built bin runs as `affiliate-relay`', () => {
    const result = spawnSync(process.execPath, [bin, 'why', 'o-sent', '--db', file], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Order o-sent: sent$/m);
  });
});

describe('affiliate-relay on PostgreSQL (DATABASE_URL)', () => {
  it('status, why, list and redeliver read the shared store', async () => {
    const { store, schema } = await migratedStore();
    await fill(store);
    const env = { DATABASE_URL: postgresUrl() };
    const pg = ['--schema', schema];

    const status = await cli(['status', ...pg], env);
    expect(status.code).toBe(0);
    expect(status.out).toContain('store: PostgreSQL (DATABASE_URL)');
    expect(status.out).toMatch(/^pending: 1 /m);
    expect(status.out).toContain('Aflite: 0 pending, 1 failed');
    const why = await cli(['why', 'o-refused', ...pg], env);
    expect(why.out).toMatch(/^Order o-refused: refused$/m);
    expect(why.out).toMatch(/Aflite refused the order: .*Value is missing/);
    expect((await cli(['list', '--failed', '--json', ...pg], env)).out).toContain('"key": "o-refused"');
    expect((await cli(['redeliver', 'o-refused', ...pg], env)).out).toContain('Aflite: due now');
    expect((await store.list('order', 'o-refused'))[0]).toMatchObject({ status: 'pending' });
  });
});
