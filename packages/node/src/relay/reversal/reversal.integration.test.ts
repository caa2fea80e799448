import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AffiliateRelayError, DAY_MS, ValidationError } from '@affiliate-relay/core';
import { afterAll, afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, SECRET, VISITOR_ID } from '../../../test/fixtures/relay';
import type { DeliveryRecord, DeliveryStore } from '../../delivery/contract';
import { createMemoryStore } from '../../delivery/memory-store';
import { createSqliteStore } from '../../delivery/sqlite/store';
import type { RelayConfig } from '../config';
import { createRelay, type Relay } from '../create-relay';
import type { ReversalInput } from './reversal-types';

const fakes = useFakeNetworks();
const AUTH_KEY = '0123456789abcdef0123456789abcdef';
const ORDER = {
  orderId: 'order-1',
  subtotal: 100,
  currency: 'USD',
  items: [
    { parentSku: 'TENT', price: 80, quantity: 1 },
    { parentSku: 'STAKE', price: 5, quantity: 4 },
  ],
};
const relays: Relay[] = [];
const dirs: string[] = [];
let down = false;

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  down = false;
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// A fetch that refuses connections while `down` is set: AvantLink unreachable, nothing sent.
const refusing: typeof fetch = (input, init) => {
  if (!down) return fetch(input, init);
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  return Promise.reject(new TypeError('fetch failed', { cause: refused }));
};

function relayWith(config: Partial<RelayConfig> = {}, avantlink: Record<string, unknown> = {}): Relay {
  const networks = fakeNetworksConfig(fakes);
  const relay = createRelay({
    ...networks,
    avantlink: {
      ...networks.avantlink!,
      adjustments: { authKey: AUTH_KEY, merchantId: 4321, url: fakes.avantlink.legacyApiUrl },
      fetch: refusing,
      ...avantlink,
    },
    cookie: { secret: SECRET },
    store: createMemoryStore(),
    // A generous checkout budget: on a loaded machine the order's one attempt must not be cut.
    delivery: { ...networks.delivery, checkoutBudgetMs: 10_000 },
    ...config,
  });
  relays.push(relay);
  return relay;
}

async function reported(relay: Relay, orderId = 'order-1', touch = avantlinkTouch()) {
  const { results } = await relay.recordConversion({
    order: { ...ORDER, orderId },
    attribution: { visitorId: VISITOR_ID, touches: [touch], source: 'server-cookie' },
  });
  // On a loaded machine the checkout's one attempt may be cut (pending): the worker then sends it.
  if (!Object.values(results).some((result) => result?.status === 'sent')) await relay.flush();
  const known = [
    ...fakes.avantlink.orders.map((o) => o.order.order_number),
    ...fakes.aflite.goals.map((g) => g.mref),
  ];
  expect(known).toContain(orderId);
}

const adjustments = () =>
  fakes.avantlink.adjustments.map((a) => [a.transaction_id, a.adjustment_amount, a.adjustment_type]);

describe('relay.recordReversal', () => {
  it('reverses the whole reported amount by default, as one AvantLink adjustment', async () => {
    const relay = relayWith();
    await reported(relay);
    const result = await relay.recordReversal({ reversalId: 'refund-1', orderId: 'order-1', type: 'RETURN' });
    expect(result).toEqual({
      reversalId: 'refund-1',
      orderId: 'order-1',
      amount: '100.00',
      results: { avantlink: { status: 'sent' } },
    });
    expect(adjustments()).toEqual([['order-1', '100.00', 'RETURN']]);
    expect(fakes.avantlink.adjustments[0]?.merchant_id).toBe('4321');
  });

  it('reverses a part, by amount or by items priced as reported, then what is left', async () => {
    const relay = relayWith();
    await reported(relay);
    await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'ADJUSTMENT', amount: 12.5 });
    await relay.recordReversal({
      reversalId: 'r-2',
      orderId: 'order-1',
      type: 'RETURN',
      items: [{ sku: 'STAKE', quantity: 2 }],
    });
    const rest = await relay.recordReversal({ reversalId: 'r-3', orderId: 'order-1', type: 'CANCELED' });
    expect(rest.amount).toBe('77.50');
    expect(adjustments()).toEqual([
      ['order-1', '12.50', 'ADJUSTMENT'],
      ['order-1', '10.00', 'RETURN'],
      ['order-1', '77.50', 'CANCELED'],
    ]);
  });

  it('refuses more than was reported in total, saying how much is left, and sends nothing', async () => {
    const relay = relayWith();
    await reported(relay);
    await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN', amount: 60 });
    const refused = relay.recordReversal({
      reversalId: 'r-2',
      orderId: 'order-1',
      type: 'RETURN',
      amount: '40.01',
    });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(
      '40.01 is more than what is left to reverse on order order-1: 40.00 left of 100.00 reported (60.00 reversed already)',
    );
    await expect(
      relay.recordReversal({
        reversalId: 'r-3',
        orderId: 'order-1',
        type: 'RETURN',
        items: [{ sku: 'STAKE', quantity: 5 }],
      }),
    ).rejects.toThrow(/5 is more than the 4 of STAKE/);
    expect(adjustments()).toEqual([['order-1', '60.00', 'RETURN']]);
  });

  it('of two reversals of one order at once, only what fits the total passes (the store key #n is the lock)', async () => {
    const relay = relayWith();
    await reported(relay);
    const outcomes = await Promise.allSettled([
      relay.recordReversal({ reversalId: 'a', orderId: 'order-1', type: 'RETURN', amount: 60 }),
      relay.recordReversal({ reversalId: 'b', orderId: 'order-1', type: 'RETURN', amount: 60 }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason)).toMatch(
      /40\.00 left of 100\.00/,
    );
    expect(adjustments()).toEqual([['order-1', '60.00', 'RETURN']]);
  });

  it('refuses an order it did not report', async () => {
    const relay = relayWith();
    await expect(relay.recordReversal({ reversalId: 'r', orderId: 'nope', type: 'RETURN' })).rejects.toThrow(
      /order nope was not reported by this relay/,
    );
    expect(fakes.avantlink.requests).toEqual([]);
  });

  it('the same reversal id twice is one call: duplicate, also from another relay on the same store after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reversal-'));
    dirs.push(dir);
    const path = join(dir, 'deliveries.db');
    const first = relayWith({ store: createSqliteStore({ path }) });
    await reported(first);
    const input = { reversalId: 'refund-7', orderId: 'order-1', type: 'RETURN' as const, amount: 25 };
    expect((await first.recordReversal(input)).results.avantlink).toEqual({ status: 'sent' });
    expect(await first.recordReversal(input)).toMatchObject({
      amount: '25.00',
      results: { avantlink: { status: 'duplicate' } },
    });
    await first.close();
    const restarted = relayWith({ store: createSqliteStore({ path }) });
    expect((await restarted.recordReversal(input)).results.avantlink).toEqual({ status: 'duplicate' });
    expect(adjustments()).toEqual([['order-1', '25.00', 'RETURN']]);
  });

  it('while AvantLink is down, queues the reversal; once it is back, sends it once', async () => {
    const relay = relayWith();
    await reported(relay);
    down = true;
    const result = await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN' });
    expect(result.results.avantlink).toMatchObject({
      status: 'pending',
      error: { name: 'NetworkError', sent: false },
    });
    expect(fakes.avantlink.adjustments).toEqual([]);
    down = false;
    expect(await relay.flush()).toEqual({ completed: true });
    await relay.flush();
    expect(adjustments()).toEqual([['order-1', '100.00', 'RETURN']]);
  });

  it('waits for a slow AvantLink past the checkout budget rather than cut a call that may be applied', async () => {
    const relay = relayWith({ delivery: { pollMs: 0, baseDelayMs: 0, checkoutBudgetMs: 100 } });
    await reported(relay);
    fakes.avantlink.injectFault({ type: 'delay', ms: 400 });
    const result = await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN' });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    expect(adjustments()).toEqual([['order-1', '100.00', 'RETURN']]);
  });

  it('after a 5xx (it may have been applied) the reversal is failed, delivery_ambiguous, and never resent', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    await reported(relay);
    fakes.avantlink.injectFault({ type: 'status', status: 503 });
    const result = await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN' });
    expect(result.results.avantlink).toMatchObject({
      status: 'failed',
      error: { code: 'delivery_ambiguous' },
    });
    await relay.flush();
    expect(fakes.avantlink.requests.filter((r) => r.path === '/api.php')).toHaveLength(1);
    // It may have been applied: it counts against the total.
    await expect(
      relay.recordReversal({ reversalId: 'r-2', orderId: 'order-1', type: 'RETURN' }),
    ).rejects.toThrow(/nothing is left to reverse/);
  });

  it('an Aflite order is unsupported, with the reason, and nothing is sent', async () => {
    const relay = relayWith();
    await reported(relay, 'order-2', afliteTouch());
    const result = await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-2', type: 'RETURN' });
    expect(result.results).toEqual({
      aflite: { status: 'unsupported', reason: expect.stringMatching(/Aflite documents no reversal API/) },
    });
    expect(fakes.avantlink.requests).toEqual([]);
    expect(fakes.aflite.requests).toHaveLength(1);
  });

  it('at the daily limit, a reversal waits for the next (UTC) day instead of failing', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store }, { reversalsPerDay: 1 });
    await reported(relay, 'order-1');
    await reported(relay, 'order-2');
    await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN' });
    const before = Date.now();
    const waiting = await relay.recordReversal({ reversalId: 'r-2', orderId: 'order-2', type: 'RETURN' });
    expect(waiting.results.avantlink).toMatchObject({
      status: 'pending',
      error: { message: expect.stringMatching(/1 requests a day/) },
    });
    const pending = waiting.results.avantlink;
    if (pending?.status === 'pending') expectTypeOf(pending.error).toEqualTypeOf<AffiliateRelayError>();
    expect(pending?.status === 'pending' && pending.error).toBeInstanceOf(AffiliateRelayError);
    await relay.flush();
    const [record] = await store.list('reversal', 'order-2#1');
    expect(record).toMatchObject({ status: 'pending' });
    expect(record!.nextAttemptAt).toBeGreaterThanOrEqual(Math.floor(before / DAY_MS + 1) * DAY_MS);
    expect(adjustments()).toEqual([['order-1', '100.00', 'RETURN']]);
  });

  it('records a reversal at the time it is made: a `now` in the input is not read (no test seam)', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    await reported(relay);
    const before = Date.now();
    const input = { reversalId: 'r-1', orderId: 'order-1', type: 'RETURN', now: 1_000 } as ReversalInput;
    await relay.recordReversal(input);
    const [record] = await store.list('reversal', 'order-1#1');
    expect(record?.createdAt).toBeGreaterThanOrEqual(before);
  });

  it("AvantLink's own 429 past its limit makes the reversal wait too, not fail", async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    await reported(relay);
    fakes.avantlink.injectFault({
      type: 'status',
      status: 429,
      retryAfterSeconds: 3_600,
      body: { success: false, error: 'Daily request limit reached' },
    });
    const result = await relay.recordReversal({ reversalId: 'r-1', orderId: 'order-1', type: 'RETURN' });
    expect(result.results.avantlink).toMatchObject({ status: 'pending', error: { status: 429 } });
    const [record] = await store.list('reversal', 'order-1#1');
    expect(record?.status).toBe('pending');
    expect(record!.nextAttemptAt).toBeGreaterThanOrEqual(Date.now() + 3_500_000);
  });
});

describe('a crash in the middle of a reversal', () => {
  // The state a process leaves when it dies right after recordReversal's write: the reversal
  // recorded and locked by that process, never sent (or, with sendingSince, mid-call).
  async function leftByDeadWorker(store: DeliveryStore, extra: Partial<DeliveryRecord> = {}) {
    const now = Date.now();
    await store.create([
      {
        kind: 'reversal',
        key: 'order-1#1',
        network: 'avantlink',
        status: 'pending',
        attempts: 1,
        createdAt: now,
        updatedAt: now,
        nextAttemptAt: now,
        lockedUntil: now + 100,
        lockToken: 'dead-worker',
        owner: 'dead-relay',
        request: {
          reversalId: 'refund-1',
          orderId: 'order-1',
          amount: '100.00',
          type: 'RETURN',
          orderedAt: now,
        },
        ...extra,
      } as DeliveryRecord,
    ]);
  }

  it('sends it once after the dead worker lock lapses, and the reversal id stays deduped', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    await reported(relay);
    await leftByDeadWorker(store);
    await relay.flush();
    expect(fakes.avantlink.adjustments).toEqual([]); // still locked by the dead worker
    await new Promise((resolve) => setTimeout(resolve, 150));
    await relay.flush();
    await relay.flush();
    expect(adjustments()).toEqual([['order-1', '100.00', 'RETURN']]);
    expect((await store.list('reversal', 'order-1#1'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(
      (await relay.recordReversal({ reversalId: 'refund-1', orderId: 'order-1', type: 'RETURN' })).results
        .avantlink,
    ).toEqual({
      status: 'duplicate',
    });
    expect(fakes.avantlink.adjustments).toHaveLength(1);
  });

  it('never resends one that was mid-call (it may have been applied): failed, delivery_ambiguous', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    await reported(relay);
    await leftByDeadWorker(store, { sendingSince: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await relay.flush();
    expect(fakes.avantlink.requests.filter((r) => r.path === '/api.php')).toEqual([]);
    expect((await store.list('reversal', 'order-1#1'))[0]).toMatchObject({
      status: 'failed',
      lastError: { code: 'delivery_ambiguous' },
    });
  });
});

describe('relay.returnsFile', () => {
  it("lists the period's reversals in AvantLink's columns, items as lines, and 'unsent' only those not sent", async () => {
    const relay = relayWith();
    await reported(relay, 'order-1');
    await reported(relay, 'order-2');
    const from = Date.now();
    await relay.recordReversal({
      reversalId: 'r-1',
      orderId: 'order-1',
      type: 'RETURN',
      items: [{ sku: 'STAKE', quantity: 2 }, { sku: 'TENT' }],
    });
    down = true;
    await relay.recordReversal({ reversalId: 'r-2', orderId: 'order-2', type: 'CANCELED' });
    const to = Date.now() + 1;
    expect((await relay.returnsFile({ from, to })).split('\r\n')).toEqual([
      'Merchant ID,Transaction/Order ID,Product ID/SKU,Return Item Amount,Return Item Quantity,Return Reason Code',
      '4321,order-1,STAKE,10.00,2,RETURN',
      '4321,order-1,TENT,80.00,1,RETURN',
      '4321,order-2,,100.00,1,CANCELED',
      '',
    ]);
    expect((await relay.returnsFile({ from, to, include: 'unsent' })).split('\r\n').slice(1)).toEqual([
      '4321,order-2,,100.00,1,CANCELED',
      '',
    ]);
    expect((await relay.returnsFile({ from: to, to: to + 1000 })).split('\r\n')).toHaveLength(2);
  });
});
