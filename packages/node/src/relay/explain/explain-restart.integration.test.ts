import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MERCHANT_ID, SECRET } from '../../../test/fixtures/relay';
import { createSqliteStore } from '../../delivery/sqlite/store';
import { createRelay } from '../create-relay';

/*
 * After a SIGKILL and a restart, `explainOrder` still answers for the orders recorded before it, with
 * the attempts made: a shop process (test/crash/explain-shop.mjs, on the built package and the
 * default SQLite store) records an order that is sent, one that waits (AvantLink answered 503), and
 * one whose call hangs; it is killed mid-send; a new relay on the same file explains all three.
 */

const shop = new URL('../../../test/crash/explain-shop.mjs', import.meta.url).pathname;
let avantlink: FakeAvantLinkServer;
const dir = mkdtempSync(join(tmpdir(), 'ar-explain-'));
const file = join(dir, 'affiliate-relay.db');

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});
afterAll(async () => {
  await avantlink.close();
  rmSync(dir, { recursive: true, force: true });
});

function lineFrom(child: ChildProcess, wanted: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk) => (err += chunk));
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      if (out.includes(wanted)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the shop exited (${code}) before "${wanted}": ${err}`)));
  });
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('explainOrder after a SIGKILL and a restart', () => {
  it('answers for every order recorded before, with the attempts made, the one cut mid-send included', async () => {
    const child = spawn(process.execPath, [shop], {
      env: {
        ...process.env,
        AFFILIATE_RELAY_DB: file,
        EXPLAIN_MERCHANT_ID: MERCHANT_ID,
        EXPLAIN_AVANTLINK_URL: avantlink.url,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      child.stdin?.write('o-sent\n');
      await lineFrom(child, 'recorded o-sent');
      avantlink.injectFault({ type: 'status', status: 503 });
      child.stdin?.write('o-wait\n');
      await lineFrom(child, 'recorded o-wait');
      avantlink.injectFault({ type: 'delay', ms: 60_000 });
      child.stdin?.write('o-hung\n');
      await until(() => avantlink.requests.length === 3);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    avantlink.clearFaults();

    const store = createSqliteStore({ path: file });
    const relay = createRelay({
      avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url },
      cookie: { secret: SECRET },
      store,
      delivery: { pollMs: 0 },
    });
    try {
      const sent = await relay.explainOrder('o-sent');
      expect(sent).toMatchObject({
        verdict: 'sent',
        decision: { winners: ['avantlink'], touches: [{ clickId: '77_explain' }] },
        networks: { avantlink: { state: 'sent', log: [{ attempt: 1, outcome: 'sent' }] } },
      });
      const waiting = await relay.explainOrder('o-wait');
      expect(waiting).toMatchObject({
        verdict: 'pending',
        networks: {
          avantlink: {
            state: 'pending',
            attempts: 1,
            log: [{ attempt: 1, outcome: 'pending', error: { status: 503 } }],
          },
        },
      });
      expect(waiting.hint).toMatch(/^waiting: AvantLink unreachable since .*503/);
      // The process died mid-call: the attempt was counted, its outcome never saved. Its lock lapses
      // (lockMs) before another attempt: until then it reads as under way.
      const hung = await relay.explainOrder('o-hung');
      expect(hung).toMatchObject({
        verdict: 'pending',
        networks: { avantlink: { status: 'pending', attempts: 1, log: [] } },
      });
      expect(['sending', 'pending']).toContain(hung.networks.avantlink?.state);
    } finally {
      await relay.close({ timeoutMs: 1_000 });
      await store.close?.();
    }
  }, 60_000);
});
