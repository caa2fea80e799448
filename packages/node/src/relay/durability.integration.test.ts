import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@affiliate-relay/core';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attribution } from '../../test/fixtures/conversion';
import {
  avantlinkTouch,
  beacon,
  collectRequest,
  FAST_RETRY,
  MERCHANT_ID,
  SECRET,
} from '../../test/fixtures/relay';
import type { DeliveryStore } from '../delivery/contract';
import { createSqliteStore } from '../delivery/sqlite/store';
import { createRelay, type Relay } from './create-relay';
import type { RelayEvent } from './events';

/*
 * What operators do to a running relay on its default SQLite store (issue 20), tried through the relay
 * itself against the fake AvantLink on a real port: its file deleted under it, and a disk that fills up.
 */

let avantlink: FakeAvantLinkServer;
const open: { relay: Relay; store: DeliveryStore }[] = [];
const events: RelayEvent[] = [];

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});
afterEach(async () => {
  for (const { relay, store } of open.splice(0)) {
    await relay.close();
    await store.close?.();
  }
  avantlink.reset();
  events.length = 0;
});
afterAll(() => avantlink.close());

function relayOn(path: string, delivery: { baseDelayMs?: number; maxDelayMs?: number } = {}): Relay {
  const store = createSqliteStore({ path });
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET },
    store,
    logger: (event) => events.push(event),
    delivery: { pollMs: 0, baseDelayMs: 0, checkoutBudgetMs: 5_000, ...delivery },
  });
  open.push({ relay, store });
  return relay;
}

const order = (orderId: string) => ({
  order: { orderId, subtotal: 40, currency: 'USD' },
  attribution: attribution([avantlinkTouch()]),
});

describe('the store file deleted under a running relay', () => {
  it('answers pending only for what is at the path, and the orders pending before the delete are delivered after a restart', async () => {
    const dir = mkdtempSync(join(process.cwd(), '.tmp-relay-durability-'));
    try {
      const path = join(dir, 'deliveries.db');
      // AvantLink is down: each order stays pending, its next attempt due in 300 ms.
      avantlink.injectFault({ type: 'status', status: 503, times: 1_000 });
      const relay = relayOn(path, { baseDelayMs: 300, maxDelayMs: 300 });
      for (const id of ['D-1', 'D-2', 'D-3']) {
        expect((await relay.recordConversion(order(id))).results.avantlink).toMatchObject({
          status: 'pending',
        });
      }
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      expect((await relay.recordConversion(order('D-4'))).results.avantlink).toMatchObject({
        status: 'pending',
      });
      expect(existsSync(path)).toBe(true);
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'warning', code: 'store-file-replaced' }),
      );
      await relay.close();
      await open.shift()?.store.close?.();

      avantlink.reset();
      await new Promise((resolve) => setTimeout(resolve, 400));
      const restarted = relayOn(path);
      expect(await restarted.status()).toMatchObject({ pending: 4 });
      await restarted.flush();
      expect(avantlink.orders.map((sent) => sent.order.order_number).sort()).toEqual([
        'D-1',
        'D-2',
        'D-3',
        'D-4',
      ]);
      expect(await restarted.status()).toMatchObject({ pending: 0, failed: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const isRoot = process.getuid?.() === 0;
if (!isRoot)
  console.warn(
    'durability.integration.test.ts: the full-disk case needs root to mount a tmpfs (CI runs as root)',
  );

describe.skipIf(!isRoot)('a full disk under a running relay (a 1 MiB tmpfs)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ar-relay-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  });
  afterAll(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the disk is full to a checkout, answers beacons 503 without cookies, and recovers once space is freed', async () => {
    const relay = relayOn(join(dir, 'deliveries.db'));
    expect((await relay.recordConversion(order('F-0'))).results.avantlink).toEqual({ status: 'sent' });
    // Everything left on the disk taken by another file, as a log that grew would.
    const filler = join(dir, 'filler');
    writeFileSync(filler, '');
    try {
      for (;;) appendFileSync(filler, Buffer.alloc(16 * 1024));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    // The store's file may still have a free page or two: a few orders at most go through first.
    let refused: unknown;
    for (let i = 1; i <= 50 && !refused; i++) {
      await relay.recordConversion(order(`F-${i}`)).catch((error: unknown) => {
        refused = error;
      });
    }
    expect(refused).toBeInstanceOf(StoreError);
    expect(String((refused as Error).cause ?? '')).toMatch(/disk is full/);
    const beaconed = await relay.handleCollect(
      collectRequest(beacon([avantlinkTouch({ clickId: '77_full' })])),
    );
    expect(beaconed.status).toBe(503);
    expect(beaconed.headers.getSetCookie()).toEqual([]);
    expect(await beaconed.json()).toMatchObject({ error: 'store_unavailable' });

    rmSync(filler);
    const resent = await relay.handleCollect(
      collectRequest(beacon([avantlinkTouch({ clickId: '77_full' })])),
    );
    expect(resent.status).toBe(204);
    expect(resent.headers.getSetCookie()).toHaveLength(2);
    expect((await relay.recordConversion(order('F-after'))).results.avantlink).toEqual({ status: 'sent' });
    await relay.flush();
    expect(avantlink.clicks.filter((click) => click.tracking_ids.avantlink_avad === '77_full')).toHaveLength(
      1,
    );
  });
});
