import { describe, expect, it } from 'vitest';
import type { DeliveryRecord, DeliveryStore } from './delivery-store';

/*
 * What every DeliveryStore must do, as one suite that each store's test file runs against its own
 * store (`memory-store.test.ts`, `postgres-store.test.ts`). `makeStore` is called once per test,
 * inside the test, and must return an empty store.
 */

/** A pending Aflite delivery due at 1000 ms, with any field replaced. */
export function record(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    orderId,
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

/** A pending AvantLink delivery with a full order, for round trips. */
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

const all = { now: 2000, lockUntil: 9000, limit: 100, dueOnly: false };

export function describeDeliveryStore(name: string, makeStore: () => DeliveryStore | Promise<DeliveryStore>) {
  describe(`${name}: the DeliveryStore contract`, () => {
    it('records an order once: a second create of the same id is refused and changes nothing', async () => {
      const store = await makeStore();
      expect(await store.create('o-1', [record('o-1')])).toBe(true);
      expect(await store.create('o-1', [record('o-1', { attempts: 9 })])).toBe(false);
      expect((await store.list('o-1')).map((r) => r.attempts)).toEqual([0]);
      expect(await store.list('unknown')).toEqual([]);
    });

    it('refuses a known order id whatever networks the second create names', async () => {
      const store = await makeStore();
      expect(await store.create('o-1', [record('o-1')])).toBe(true);
      expect(await store.create('o-1', [avantlinkRecord('o-1')])).toBe(false);
      expect((await store.list('o-1')).map((r) => r.network)).toEqual(['aflite']);
    });

    it('of creates of one order id at the same time, exactly one wins', async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.create('o-1', [record('o-1', { attempts: i })])),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.list('o-1')).map((r) => r.attempts)).toEqual([results.indexOf(true)]);
    });

    it("keeps every field of both networks' records through a round trip", async () => {
      const store = await makeStore();
      const records = [
        avantlinkRecord('o-1', { lockedUntil: 5000 }),
        record('o-1', {
          lastError: { name: 'HttpError', message: 'answered 503', code: 'http_error', status: 503 },
        }),
      ];
      await store.create('o-1', records);
      expect(await store.list('o-1')).toEqual(records);
    });

    it('claims unlocked pending records, locks them, and never hands one out twice', async () => {
      const store = await makeStore();
      await store.create('o-1', [record('o-1')]);
      await store.create('o-2', [record('o-2', { lockedUntil: 5000 })]);
      await store.create('o-3', [record('o-3', { status: 'sent' })]);
      const first = await store.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false });
      expect(first.map((r) => [r.orderId, r.lockedUntil])).toEqual([['o-1', 9000]]);
      expect((await store.list('o-1'))[0]?.lockedUntil).toBe(9000);
      expect(await store.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false })).toEqual([]);
      // Once o-2's lock has lapsed, it can be claimed.
      const later = await store.claim({ now: 6000, lockUntil: 9500, limit: 10, dueOnly: false });
      expect(later.map((r) => r.orderId)).toEqual(['o-2']);
    });

    it('claims only due records when asked, and no more than the limit', async () => {
      const store = await makeStore();
      await store.create('o-1', [record('o-1', { nextAttemptAt: 3000 })]);
      await store.create('o-2', [record('o-2', { nextAttemptAt: 1000 })]);
      await store.create('o-3', [record('o-3', { nextAttemptAt: 1000 })]);
      const due = await store.claim({ now: 2000, lockUntil: 9000, limit: 1, dueOnly: true });
      expect(due.map((r) => r.orderId)).toEqual(['o-2']);
      expect((await store.claim({ ...all, dueOnly: true })).map((r) => r.orderId)).toEqual(['o-3']);
      // flush() takes what is not due yet as well.
      expect((await store.claim(all)).map((r) => r.orderId)).toEqual(['o-1']);
    });

    it('claims each network of an order on its own', async () => {
      const store = await makeStore();
      await store.create('o-1', [avantlinkRecord('o-1'), record('o-1', { status: 'sent' })]);
      expect((await store.claim(all)).map((r) => r.network)).toEqual(['avantlink']);
    });

    it('of claims at the same time, no two get the same record', async () => {
      const store = await makeStore();
      for (let i = 0; i < 12; i += 1) await store.create(`o-${i}`, [record(`o-${i}`)]);
      const batches = await Promise.all(Array.from({ length: 6 }, () => store.claim({ ...all, limit: 3 })));
      const claimed = batches.flat().map((r) => r.orderId);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed).toHaveLength(12);
    });

    it('updates a record by order id and network, and copies in and out', async () => {
      const store = await makeStore();
      const original = record('o-1');
      await store.create('o-1', [original]);
      original.attempts = 42;
      const [held] = await store.list('o-1');
      expect(held?.attempts).toBe(0);
      await store.update({ ...held!, status: 'sent', attempts: 1 });
      expect((await store.list('o-1'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
      await store.update(record('unknown'));
      expect(await store.list('unknown')).toEqual([]);
    });

    it('an update releases the lock and reschedules: what claim takes follows it', async () => {
      const store = await makeStore();
      await store.create('o-1', [
        avantlinkRecord('o-1', { lockedUntil: 9000 }),
        record('o-1', { lockedUntil: 9000 }),
      ]);
      const [avantlink, aflite] = await store.list('o-1');
      const { lockedUntil: _a, ...unlockedAvantLink } = avantlink!;
      const { lockedUntil: _b, ...unlockedAflite } = aflite!;
      await store.update({ ...unlockedAvantLink, status: 'pending', attempts: 1, nextAttemptAt: 4000 });
      await store.update({ ...unlockedAflite, status: 'failed', attempts: 1 });
      expect(await store.claim({ ...all, dueOnly: true })).toEqual([]);
      const [taken] = await store.claim({ ...all, now: 4000, dueOnly: true });
      expect(taken).toMatchObject({
        network: 'avantlink',
        attempts: 1,
        nextAttemptAt: 4000,
        lockedUntil: 9000,
      });
      expect((await store.list('o-1'))[1]).toEqual({ ...unlockedAflite, status: 'failed', attempts: 1 });
    });
  });
}
