import type { ClaimOptions, DeliveryStore, HandoffRecord } from './contract';
import { runExplainContract } from './store-explain.contract';
import { avantlinkRecord, clickRecord, record, reversalRecord } from './store-records.contract';

/*
 * What every DeliveryStore must do, as one suite: each store of the package runs it in its own test file
 * (memory, SQLite, PostgreSQL), and a shop runs it against a store of its own. The test framework is passed in,
 * so the package depends on none (vitest, jest and node:test with an `expect` all fit).
 */

/** One expectation of {@link StoreContractFramework.expect}: the matchers the suite uses (vitest's and jest's fit). */
export interface StoreContractExpectation {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toHaveLength(length: number): void;
  toMatchObject(expected: object): void;
}

/** The test framework the suite registers its tests with: pass vitest's or jest's `describe`, `it` and `expect`. */
export interface StoreContractFramework {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  expect(actual: unknown): StoreContractExpectation;
}

/** Options of {@link runStoreContract}. */
export interface StoreContractOptions {
  /** Names the suite in the test report. Default: `'custom store'`. */
  name?: string;
  /**
   * Whether the store implements the optional `countSent` (the daily limit of reversals, counted across a fleet):
   * then the suite checks it. Default: true (a store without it fails, until this says it is left out on purpose).
   */
  countSent?: boolean;
  /**
   * Whether the store implements the optional `listCreated` (the returns file): then the suite checks it.
   * Default: true (a store without it fails, until this says it is left out on purpose).
   */
  listCreated?: boolean;
  /**
   * Whether the store implements the optional `dropPendingClicks` (a withdrawal of consent, `relay.forget`):
   * then the suite checks it. Default: true (a store without it fails, until this says it is left out on purpose).
   */
  dropPendingClicks?: boolean;
  /**
   * Whether the store implements the optional `listByStatus` and `countByNetwork` (the command line's `list` and
   * `status`): then the suite checks them. Default: true (a store without them fails, until this says so).
   */
  listByStatus?: boolean;
  /**
   * Whether the store implements the optional `saveHandoff` and `readHandoff` (checkout hand-offs,
   * `relay.createHandoff`): then the suite checks them, and that `purge` forgets expired ones. Default: true
   * (a store without them fails, until this says they are left out on purpose).
   */
  handoffs?: boolean;
}

const claimAll: ClaimOptions = { now: 2000, lockUntil: 9000, lockToken: 't-1', limit: 100 };

/**
 * Registers the DeliveryStore contract's tests: what a store must do for the relay's dedupe, locks (fencing),
 * claims, counts and retention to hold. `makeStore` is called once per test, inside it, and must return an empty
 * store (a new table, schema or file each time). Run it in the test file of your own store.
 *
 * @example
 * import { runStoreContract } from '@affiliate-relay/node/store';
 * import { describe, expect, it } from 'vitest';
 *
 * runStoreContract(() => createRedisStore({ prefix: `test-${crypto.randomUUID()}` }), { describe, it, expect }, {
 *   name: 'Redis store',
 * });
 */
export function runStoreContract(
  makeStore: () => DeliveryStore | Promise<DeliveryStore>,
  framework: StoreContractFramework,
  options: StoreContractOptions = {},
): void {
  const { describe, it, expect } = framework;
  const name = options.name ?? 'custom store';
  describe(`${name}: the DeliveryStore contract`, () => {
    runExplainContract(makeStore, framework, { listing: options.listByStatus !== false });
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

    it('keeps the test-mode mark (test: true) through a create, a claim and an update; a live record has none', async () => {
      const store = await makeStore();
      await store.create([record('t-1', { test: true }), avantlinkRecord('t-1', { test: true })]);
      await store.create([record('l-1')]);
      const claimed = await store.claim(claimAll);
      expect(claimed.filter((r) => r.key === 't-1').map((r) => r.test)).toEqual([true, true]);
      const held = claimed.find((r) => r.key === 't-1' && r.network === 'aflite')!;
      const { lockedUntil: _lock, ...rest } = held;
      expect(await store.update({ ...rest, status: 'failed', updatedAt: 2000 })).toBe(true);
      expect((await store.list('order', 't-1')).map((r) => r.test)).toEqual([true, true]);
      expect('test' in (await store.list('order', 'l-1'))[0]!).toBe(false);
    });

    it('keeps a reversal (its request and sendingSince) through a round trip and an update', async () => {
      const store = await makeStore();
      const reversal = reversalRecord('o-1#1');
      expect(await store.create([reversal])).toBe(true);
      expect(await store.create([reversalRecord('o-1#1', { attempts: 3 })])).toBe(false);
      expect(await store.list('reversal', 'o-1#1')).toEqual([reversal]);
      const [held] = await store.claim(claimAll);
      expect(held?.kind).toBe('reversal');
      expect(await store.update({ ...held!, sendingSince: 2500 })).toBe(true);
      expect((await store.list('reversal', 'o-1#1'))[0]).toMatchObject({
        sendingSince: 2500,
        lockToken: 't-1',
      });
    });

    // An optional method left out on purpose (`countSent: false`) has no test; one missing by mistake fails.
    if (options.countSent !== false) {
      it('counts the records of a kind sent since a time (the daily limit of reversals)', async () => {
        const store = await makeStore();
        if (!store.countSent) throw new Error(missing('countSent'));
        await store.create([reversalRecord('o-1#1', { status: 'sent', updatedAt: 5000 })]);
        await store.create([reversalRecord('o-1#2', { status: 'sent', updatedAt: 4999 })]);
        await store.create([reversalRecord('o-2#1', { status: 'pending', updatedAt: 6000 })]);
        await store.create([reversalRecord('o-3#1', { status: 'failed', updatedAt: 6000 })]);
        await store.create([avantlinkRecord('o-4', { status: 'sent', updatedAt: 6000 })]);
        expect(await store.countSent('reversal', 5000)).toBe(1);
        expect(await store.countSent('reversal', 0)).toBe(2);
        expect(await store.countSent('order', 0)).toBe(1);
        expect(await store.countSent('click', 0)).toBe(0);
      });
    }

    if (options.listCreated !== false) {
      it('lists the records of a kind created in a period, oldest first (the returns file)', async () => {
        const store = await makeStore();
        if (!store.listCreated) throw new Error(missing('listCreated'));
        await store.create([reversalRecord('o-2#1', { createdAt: 3000 })]);
        await store.create([reversalRecord('o-1#1', { createdAt: 2000 })]);
        await store.create([reversalRecord('o-1#2', { createdAt: 4000, status: 'sent' })]);
        await store.create([reversalRecord('o-3#1', { createdAt: 1999 })]);
        await store.create([avantlinkRecord('o-9', { createdAt: 2500 })]);
        expect((await store.listCreated('reversal', 2000, 4000)).map((r) => r.key)).toEqual([
          'o-1#1',
          'o-2#1',
        ]);
        expect((await store.listCreated('reversal', 0, 5000)).map((r) => r.key)).toEqual([
          'o-3#1',
          'o-1#1',
          'o-2#1',
          'o-1#2',
        ]);
        expect(await store.listCreated('order', 0, 2500)).toEqual([]);
      });
    }

    if (options.dropPendingClicks !== false) {
      it("drops a visitor's pending clicks only: not another visitor's, not a sent one, never an order", async () => {
        const store = await makeStore();
        if (!store.dropPendingClicks) throw new Error(missing('dropPendingClicks'));
        await store.create([clickRecord('vis_a1b2c3d4 77_one')]);
        await store.create([clickRecord('vis_a1b2c3d4 77_two', { lockedUntil: 5000, lockToken: 'w' })]);
        await store.create([clickRecord('vis_a1b2c3d4 77_old', { status: 'sent' })]);
        // `_` matches any character in SQL's LIKE: a store that used it would take these too.
        await store.create([clickRecord('visXa1b2c3d4 77_one')]);
        await store.create([clickRecord('vis_a1b2c3d4x 77_one')]);
        await store.create([record('vis_a1b2c3d4 77_one')]);
        const dropped = await store.dropPendingClicks('vis_a1b2c3d4');
        expect(dropped.map((r) => r.key).sort()).toEqual(['vis_a1b2c3d4 77_one', 'vis_a1b2c3d4 77_two']);
        expect(dropped[0]).toMatchObject({ kind: 'click', status: 'pending' });
        expect(await store.list('click', 'vis_a1b2c3d4 77_one')).toEqual([]);
        expect(await store.list('click', 'vis_a1b2c3d4 77_old')).toHaveLength(1);
        expect(await store.list('click', 'visXa1b2c3d4 77_one')).toHaveLength(1);
        expect(await store.list('click', 'vis_a1b2c3d4x 77_one')).toHaveLength(1);
        expect(await store.list('order', 'vis_a1b2c3d4 77_one')).toHaveLength(1);
        expect(await store.stats()).toMatchObject({ pendingClicks: 2 });
        // Nothing dropped is claimed; the keys stay for dedupe; a second call finds nothing.
        const claimed = await store.claim({ ...claimAll, now: 6000 });
        expect(claimed.map((r) => `${r.kind}:${r.key}`).sort()).toEqual([
          'click:visXa1b2c3d4 77_one',
          'click:vis_a1b2c3d4x 77_one',
          'order:vis_a1b2c3d4 77_one',
        ]);
        expect(await store.create([clickRecord('vis_a1b2c3d4 77_one')])).toBe(false);
        expect(await store.dropPendingClicks('vis_a1b2c3d4')).toEqual([]);
      });
    }

    if (options.handoffs !== false) {
      it('keeps a hand-off by its id, copies it in and out, and refuses a second save of one id', async () => {
        const store = await makeStore();
        if (!store.saveHandoff || !store.readHandoff) throw new Error(missing('saveHandoff'));
        const saved = handoffRecord('h-1', 9000);
        await store.saveHandoff(saved);
        saved.attribution.touches.length = 0;
        expect(await store.readHandoff('h-1')).toEqual(handoffRecord('h-1', 9000));
        expect(await store.readHandoff('h-2')).toBe(undefined);
        const read = await store.readHandoff('h-1');
        read!.attribution.touches.length = 0;
        expect((await store.readHandoff('h-1'))!.attribution.touches).toHaveLength(1);
        let refused = false;
        await store.saveHandoff(handoffRecord('h-1', 1)).catch(() => {
          refused = true;
        });
        expect(refused).toBe(true);
        expect((await store.readHandoff('h-1'))!.expiresAt).toBe(9000);
      });

      it('purges hand-offs expired before the cut-off, and keeps the others', async () => {
        const store = await makeStore();
        if (!store.saveHandoff || !store.readHandoff) throw new Error(missing('saveHandoff'));
        await store.saveHandoff(handoffRecord('old', 1999));
        await store.saveHandoff(handoffRecord('current', 2000));
        await store.create([record('o-1', { status: 'sent', updatedAt: 5000 })]);
        // Hand-offs are no deliveries: they count in neither the purge's number nor the stats.
        expect(await store.purge(2000)).toBe(0);
        expect(await store.readHandoff('old')).toBe(undefined);
        expect(await store.readHandoff('current')).toMatchObject({ id: 'current', expiresAt: 2000 });
        expect(await store.stats()).toEqual({ pending: 0, pendingClicks: 0, failed: 0 });
      });
    }

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

    it('claims only the kinds asked for, oldest due first within them', async () => {
      const store = await makeStore();
      await store.create([clickRecord('c-1', { nextAttemptAt: 100 })]);
      await store.create([record('o-1', { nextAttemptAt: 300 })]);
      await store.create([clickRecord('c-2', { nextAttemptAt: 200 })]);
      await store.create([record('o-2', { nextAttemptAt: 400 })]);
      expect(
        (await store.claim({ ...claimAll, kinds: ['order', 'reversal'], limit: 1 })).map((r) => r.key),
      ).toEqual(['o-1']);
      expect((await store.claim({ ...claimAll, kinds: ['click'] })).map((r) => r.key)).toEqual([
        'c-1',
        'c-2',
      ]);
      expect(await store.claim({ ...claimAll, kinds: ['click'] })).toEqual([]);
      expect(await store.claim({ ...claimAll, kinds: [] })).toEqual([]);
      expect((await store.claim(claimAll)).map((r) => r.key)).toEqual(['o-2']);
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

function missing(method: 'countSent' | 'listCreated' | 'dropPendingClicks' | 'saveHandoff'): string {
  const option = method === 'saveHandoff' ? 'handoffs' : method;
  return `the store has no ${method}(): pass { ${option}: false } to runStoreContract if it is left out on purpose`;
}

function handoffRecord(id: string, expiresAt: number): HandoffRecord {
  return {
    id,
    attribution: {
      visitorId: 'v-1',
      touches: [
        {
          network: 'avantlink',
          clickId: 'a1b2c3',
          capturedAt: 1000,
          landingUrl: 'https://shop.example/?avad=a1b2c3',
          referrer: '',
        },
      ],
      source: 'server-cookie',
      userAgent: 'Mozilla/5.0',
    },
    createdAt: 1000,
    expiresAt,
  };
}
