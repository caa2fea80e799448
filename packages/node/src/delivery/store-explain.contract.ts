import type { DecisionNote, DeliveryRecord, DeliveryStore } from './contract';
import { record } from './store-records.contract';

/*
 * What `explainOrder` and `redeliver` ask of every store, with no new method: the explanation rides
 * in the record's JSON (an attempt log, a decision note, `redeliveredAt`), an order credited to nobody
 * is a `decision` record (a kind of its own, `sent`: never claimed, never counted pending), and Retry
 * now is the fenced `update` with the token the listed record carries, refused once a claim took it.
 */

/**
 * Registers the explanation's part of the store contract (called by `runStoreContract`).
 *
 * @example
 * runExplainContract(makeStore, { describe, it, expect });
 */
export function runExplainContract(
  makeStore: () => DeliveryStore | Promise<DeliveryStore>,
  // The suite's framework (StoreContractFramework), as much as these tests use: typed here, not
  // imported, so that the two contract files do not import each other.
  {
    it,
    expect,
  }: {
    it(name: string, body: () => Promise<void>): void;
    expect(actual: unknown): {
      toBe(expected: unknown): void;
      toEqual(expected: unknown): void;
      toMatchObject(expected: object): void;
    };
  },
  options: { listing: boolean },
): void {
  const note: DecisionNote = {
    at: 1000,
    source: 'none',
    touches: [],
    policy: 'last-click',
    windows: { aflite: 30 },
    reason: 'selected',
    explanation: 'Policy last-click: Aflite click abc123 wins.',
    winners: ['aflite'],
    notCredited: { avantlink: 'no-touch' },
  };

  it("keeps an order's attempt log, decision note and redeliveredAt through a round trip and an update", async () => {
    const store = await makeStore();
    const order = record('o-1', { decision: { ...note, source: 'server-cookie' } });
    await store.create([order]);
    const [held] = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't-1', limit: 10 });
    const log = [
      {
        attempt: 1,
        at: 2100,
        outcome: 'pending' as const,
        error: { name: 'HttpError', message: 'answered 503', status: 503 },
        nextAttemptAt: 5000,
      },
    ];
    expect(
      await store.update({ ...held!, lockedUntil: undefined, log, redeliveredAt: 2200 } as DeliveryRecord),
    ).toBe(true);
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({
      log,
      redeliveredAt: 2200,
      decision: { source: 'server-cookie', notCredited: { avantlink: 'no-touch' } },
    });
  });

  it('keeps a decision record as a kind of its own: listed, never claimed, never counted pending or failed', async () => {
    const store = await makeStore();
    const kept = record('o-2', {
      kind: 'decision',
      status: 'sent',
      request: {},
      decision: { ...note, winners: [], reason: 'no-touches', notCredited: { aflite: 'no-attribution' } },
    });
    expect(await store.create([kept])).toBe(true);
    expect(await store.create([{ ...kept, attempts: 3 }])).toBe(false);
    // An order of the same id is another kind: its own dedupe.
    expect(await store.create([record('o-2')])).toBe(true);
    expect(await store.list('decision', 'o-2')).toEqual([kept]);
    const claimed = await store.claim({ now: 9_999_999, lockUntil: 99_999_999, lockToken: 't', limit: 10 });
    expect(claimed.map((one) => one.kind)).toEqual(['order']);
    expect(await store.stats()).toMatchObject({ pending: 1, failed: 0 });
  });

  it('Retry now: an unlocked listed record updates with the token it carries; after a claim took it, refused', async () => {
    const store = await makeStore();
    await store.create([record('o-3', { status: 'failed', nextAttemptAt: 1000 })]);
    const [listed] = await store.list('order', 'o-3');
    expect(
      await store.update({ ...listed!, status: 'pending', nextAttemptAt: 1500, redeliveredAt: 1500 }),
    ).toBe(true);
    const [due] = await store.claim({ now: 1500, lockUntil: 9000, lockToken: 't-9', limit: 10 });
    expect(due?.key).toBe('o-3');
    // A second Retry now with what it listed before the claim: the claim's token fences it out.
    expect(await store.update({ ...listed!, status: 'pending', nextAttemptAt: 1600 })).toBe(false);
  });

  if (!options.listing) return;
  it('lists deliveries by status, oldest first, without decisions, and counts pending and failed per network', async () => {
    const store = await makeStore();
    if (!store.listByStatus || !store.countByNetwork) {
      throw new Error(
        'listByStatus and countByNetwork are optional: this suite checks the stores that have them',
      );
    }
    await store.create([record('o-4', { status: 'failed', createdAt: 1200 })]);
    await store.create([record('o-5', { status: 'failed', createdAt: 1100, network: 'avantlink' })]);
    await store.create([record('o-6', { createdAt: 1300 })]);
    await store.create([record('o-7', { kind: 'decision', status: 'sent', request: {} })]);
    const failed = await store.listByStatus('failed', 10);
    expect(failed.map((one) => one.key)).toEqual(['o-5', 'o-4']);
    expect((await store.listByStatus('failed', 1)).map((one) => one.key)).toEqual(['o-5']);
    expect((await store.listByStatus('pending', 10)).map((one) => one.key)).toEqual(['o-6']);
    expect(await store.countByNetwork()).toEqual({
      aflite: { pending: 1, failed: 1 },
      avantlink: { pending: 0, failed: 1 },
    });
  });
}
