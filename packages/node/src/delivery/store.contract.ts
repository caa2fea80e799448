import { describe, expect, it } from 'vitest';
import type { ClaimOptions, DeliveryRecord, DeliveryStore } from './contract';

/*
 * What every DeliveryStore must do, as one suite that each store's test file runs against its own
 * store (memory, SQLite, PostgreSQL). `makeStore` is called once per test, inside the test, and
 * must return an empty store.
 */

/** A pending Aflite order delivery due at 1000 ms, with any field replaced. */
export function record(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    kind: 'order',
    key: orderId,
    network: 'aflite',
    status: 'pending',
    attempts: 0,
    createdAt: 1000,
    updatedAt: 1000,
    nextAttemptAt: 1000,
    request: { clickSessionId: 'abc123', goalId: '1', merchantRef: orderId, value: 10 },
    ...overrides,
  } as DeliveryRecord;
}

/** A pending AvantLink order delivery with a full order, for round trips. */
export function avantlinkRecord(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return record(orderId, {
    network: 'avantlink',
    request: {
      avad: '77_f3afbe121',
      userIds: ['u_78901'],
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/17.5',
      currentUrl: 'https://shop.test/checkout/thanks?ref=ü',
      googleClickId: 'EAIaIQobChMI',
      order: {
        orderId,
        subtotal: 100.1,
        currency: 'USD',
        couponCodes: ['free-shipping'],
        customer: { newCustomer: false, country: 'USA', state: 'UT' },
        items: [{ parentSku: 'TENT-2', variantSku: 'TENT-2-GRN', price: 80.05, quantity: 1, brand: 'Acme' }],
      },
    },
    ...overrides,
  } as Partial<DeliveryRecord>);
}

/** A pending AvantLink click delivery. */
export function clickRecord(key: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return record(key, {
    kind: 'click',
    network: 'avantlink',
    request: {
      avad: '77_f3afbe121',
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0 Safari/17.5',
      currentUrl: 'https://shop.test/?avad=77_f3afbe121',
    },
    ...overrides,
  } as Partial<DeliveryRecord>);
}

const claimAll: ClaimOptions = { now: 2000, lockUntil: 9000, lockToken: 't-1', limit: 100 };

export function describeDeliveryStore(name: string, makeStore: () => DeliveryStore | Promise<DeliveryStore>) {
  describe(`${name}: the DeliveryStore contract`, () => {
    it('records a kind and key once: a second create is refused and changes nothing', async () => {
      const store = await makeStore();
      expect(await store.create([record('o-1')])).toBe(true);
      expect(await store.create([record('o-1', { attempts: 9 })])).toBe(false);
      expect(await store.create([avantlinkRecord('o-1')])).toBe(false);
      expect((await store.list('order', 'o-1')).map((r) => [r.network, r.attempts])).toEqual([['aflite', 0]]);
      expect(await store.list('order', 'unknown')).toEqual([]);
      // A click with the same key is another kind: its own dedupe.
      expect(await store.create([clickRecord('o-1')])).toBe(true);
      expect(await store.list('click', 'o-1')).toHaveLength(1);
    });

    it('of creates of one key at the same time, exactly one wins', async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.create([record('o-1', { attempts: i })])),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.list('order', 'o-1')).map((r) => r.attempts)).toEqual([results.indexOf(true)]);
    });

    it("keeps every field of each kind's records through a round trip, the lock included", async () => {
      const store = await makeStore();
      const records = [
        avantlinkRecord('o-1', { lockedUntil: 5000, lockToken: 'held', owner: 'relay-a' }),
        record('o-1', {
          lastError: { name: 'HttpError', message: 'answered 503', code: 'http_error', status: 503 },
        }),
      ];
      await store.create(records);
      expect(await store.list('order', 'o-1')).toEqual(records);
      const click = clickRecord('vis 77_x', { attempts: 2 });
      await store.create([click]);
      expect(await store.list('click', 'vis 77_x')).toEqual([click]);
    });

    it('claims due, unlocked pending records: locks them with the token, counts the attempt, never twice', async () => {
      const store = await makeStore();
      await store.create([record('o-1')]);
      await store.create([record('o-2', { lockedUntil: 5000, lockToken: 'other' })]);
      await store.create([record('o-3', { status: 'sent' })]);
      await store.create([record('o-4', { nextAttemptAt: 3000 })]);
      const first = await store.claim(claimAll);
      expect(first.map((r) => [r.key, r.lockedUntil, r.lockToken, r.attempts])).toEqual([
        ['o-1', 9000, 't-1', 1],
      ]);
      expect((await store.list('order', 'o-1'))[0]).toMatchObject({
        lockedUntil: 9000,
        lockToken: 't-1',
        attempts: 1,
      });
      expect(await store.claim(claimAll)).toEqual([]);
      // Once o-2's lock has lapsed and o-4 is due, they can be claimed, oldest due first.
      const later = await store.claim({ ...claimAll, now: 6000, lockToken: 't-2' });
      expect(later.map((r) => [r.key, r.lockToken])).toEqual([
        ['o-2', 't-2'],
        ['o-4', 't-2'],
      ]);
    });

    it('claims no more than the limit, and only the network or owner asked for', async () => {
      const store = await makeStore();
      await store.create([avantlinkRecord('o-1', { owner: 'a' }), record('o-1', { owner: 'a' })]);
      await store.create([record('o-2', { owner: 'b' })]);
      await store.create([clickRecord('c-1', { owner: 'b' })]);
      expect((await store.claim({ ...claimAll, limit: 1, network: 'aflite' })).map((r) => r.key)).toEqual([
        'o-1',
      ]);
      expect((await store.claim({ ...claimAll, owner: 'a' })).map((r) => r.network)).toEqual(['avantlink']);
      expect((await store.claim({ ...claimAll, network: 'avantlink' })).map((r) => r.kind)).toEqual([
        'click',
      ]);
      expect((await store.claim(claimAll)).map((r) => r.key)).toEqual(['o-2']);
      expect(await store.claim({ ...claimAll, limit: 0 })).toEqual([]);
    });

    it('of claims at the same time, no two get the same record', async () => {
      const store = await makeStore();
      for (let i = 0; i < 12; i += 1) await store.create([record(`o-${i}`)]);
      const batches = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.claim({ ...claimAll, lockToken: `t-${i}`, limit: 3 })),
      );
      const claimed = batches.flat().map((r) => r.key);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed).toHaveLength(12);
    });

    it('saves an update only for the holder of the lock token (fencing), and copies in and out', async () => {
      const store = await makeStore();
      const original = record('o-1');
      await store.create([original]);
      original.attempts = 42;
      expect((await store.list('order', 'o-1'))[0]?.attempts).toBe(0);
      const [held] = await store.claim(claimAll);
      // The lock lapses and another worker takes the delivery over.
      const [takenOver] = await store.claim({ ...claimAll, now: 9000, lockUntil: 20_000, lockToken: 't-2' });
      expect(takenOver?.attempts).toBe(2);
      const { lockedUntil: _a, ...late } = held!;
      expect(await store.update({ ...late, status: 'sent', updatedAt: 9500 })).toBe(false);
      expect((await store.list('order', 'o-1'))[0]).toMatchObject({ status: 'pending', lockToken: 't-2' });
      const { lockedUntil: _b, ...current } = takenOver!;
      expect(await store.update({ ...current, status: 'sent', updatedAt: 9600 })).toBe(true);
      expect((await store.list('order', 'o-1'))[0]).toMatchObject({
        status: 'sent',
        attempts: 2,
        updatedAt: 9600,
      });
      expect(await store.update(record('unknown'))).toBe(false);
      expect(await store.list('order', 'unknown')).toEqual([]);
    });

    it('an update releases the lock and reschedules: what claim takes follows it', async () => {
      const store = await makeStore();
      await store.create([avantlinkRecord('o-1'), record('o-1')]);
      const [avantlink, aflite] = await store.claim(claimAll);
      const { lockedUntil: _a, ...unlockedAvantLink } = avantlink!;
      const { lockedUntil: _b, ...unlockedAflite } = aflite!;
      await store.update({ ...unlockedAvantLink, nextAttemptAt: 4000 });
      await store.update({ ...unlockedAflite, status: 'failed' });
      expect(await store.claim({ ...claimAll, lockToken: 't-2' })).toEqual([]);
      const [taken] = await store.claim({ ...claimAll, now: 4000, lockToken: 't-3' });
      expect(taken).toMatchObject({
        network: 'avantlink',
        attempts: 2,
        nextAttemptAt: 4000,
        lockedUntil: 9000,
      });
      expect((await store.list('order', 'o-1'))[1]).toMatchObject({ status: 'failed', attempts: 1 });
    });

    it('counts pending, pending clicks and failed deliveries, and the oldest pending', async () => {
      const store = await makeStore();
      expect(await store.stats()).toEqual({ pending: 0, pendingClicks: 0, failed: 0 });
      await store.create([record('o-1', { createdAt: 1500 })]);
      await store.create([record('o-2', { status: 'failed', createdAt: 1000 })]);
      await store.create([record('o-3', { status: 'sent' })]);
      await store.create([clickRecord('c-1', { createdAt: 1200 })]);
      expect(await store.stats()).toEqual({ pending: 2, pendingClicks: 1, failed: 1, oldestPendingAt: 1200 });
    });

    it('purges finished deliveries last updated before the cut-off, then forgets their keys; never a pending one', async () => {
      const store = await makeStore();
      await store.create([record('old-sent', { status: 'sent', updatedAt: 1000 })]);
      await store.create([record('old-failed', { status: 'failed', updatedAt: 1000 })]);
      await store.create([record('old-pending', { updatedAt: 1000 })]);
      await store.create([record('new-sent', { status: 'sent', createdAt: 5000, updatedAt: 5000 })]);
      expect(await store.purge(2000)).toBe(2);
      expect(await store.list('order', 'old-sent')).toEqual([]);
      expect(await store.list('order', 'old-failed')).toEqual([]);
      expect(await store.list('order', 'old-pending')).toHaveLength(1);
      expect(await store.list('order', 'new-sent')).toHaveLength(1);
      // The key is forgotten with its deliveries: the id may be recorded anew.
      expect(await store.create([record('old-sent')])).toBe(true);
      expect(await store.create([record('new-sent')])).toBe(false);
    });
  });
}
