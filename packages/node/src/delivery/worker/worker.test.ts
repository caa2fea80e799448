import { HttpError, TimeoutError } from '@affiliate-relay/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubNetworks } from '../../../test/fixtures/networks';
import { createEventEmitter } from '../../http/events';
import type { RelayEvent } from '../../relay/events';
import type { DeliveryRecord, DeliveryStore } from '../contract';
import { createMemoryStore } from '../memory-store';
import { clickRecord } from '../store-records.contract';
import { createDeliveryWorker, type DeliveryWorkerOptions } from './worker';

function order(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    kind: 'order',
    key: orderId,
    network: 'avantlink',
    status: 'pending',
    attempts: 0,
    createdAt: 0,
    updatedAt: 0,
    nextAttemptAt: 0,
    request: { avad: '77_x', order: { orderId, subtotal: 1, currency: 'USD' } },
    ...overrides,
  } as DeliveryRecord;
}

function setup(overrides: Partial<DeliveryWorkerOptions> = {}) {
  const events: RelayEvent[] = [];
  const store = createMemoryStore();
  const trackOrder = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
  const trackClick = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
  const worker = createDeliveryWorker({
    store,
    networks: stubNetworks({ avantlink: { trackOrder, trackClick } }),
    events: createEventEmitter((event) => events.push(event)),
    schedule: { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 3 },
    lockMs: 60_000,
    concurrency: 2,
    pollMs: 0,
    retentionMs: 86_400_000,
    ...overrides,
  });
  return { worker, store, trackOrder, trackClick, events };
}

const soon = () => Date.now() + 5_000;

afterEach(() => {
  vi.useRealTimers();
});

describe('createDeliveryWorker', () => {
  it('drains every due delivery, clicks and orders, and leaves what is not due or held', async () => {
    const { worker, store, trackOrder, trackClick } = setup();
    const future = Date.now() + 60_000;
    await store.create([order('due')]);
    await store.create([clickRecord('vis 77_a', { nextAttemptAt: 0 })]);
    await store.create([order('later', { nextAttemptAt: future })]);
    await store.create([order('held', { lockedUntil: future, lockToken: 'other' })]);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(trackOrder.mock.calls.map(([input]) => input.order.orderId)).toEqual(['due']);
    expect(trackClick).toHaveBeenCalledTimes(1);
    expect((await store.list('order', 'due'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await store.list('click', 'vis 77_a'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await store.list('order', 'later'))[0]?.status).toBe('pending');
    expect((await store.list('order', 'held'))[0]?.status).toBe('pending');
  });

  it('drains more than one batch: 25 deliveries through 2 calls at a time', async () => {
    const { worker, store, trackOrder } = setup();
    let open = 0;
    let most = 0;
    trackOrder.mockImplementation(async () => {
      most = Math.max(most, ++open);
      await new Promise((resolve) => setTimeout(resolve, 2));
      open -= 1;
      return { status: 200, attempts: 1 };
    });
    for (let i = 0; i < 25; i += 1) await store.create([order(`o-${i}`)]);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(trackOrder).toHaveBeenCalledTimes(25);
    expect(most).toBe(2);
    expect(await store.stats()).toMatchObject({ pending: 0 });
  });

  it('says false when the time runs out, and starts nothing after it', async () => {
    const { worker, store, trackOrder } = setup();
    trackOrder.mockImplementation(
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 200 }), 60)),
    );
    for (let i = 0; i < 10; i += 1) await store.create([order(`o-${i}`)]);
    expect(await worker.drain({ deadline: Date.now() + 30 })).toBe(false);
    const started = trackOrder.mock.calls.length;
    expect(started).toBe(2);
    await worker.settled();
    expect(trackOrder).toHaveBeenCalledTimes(started);
  });

  it('drains only its own deliveries when asked (close)', async () => {
    const { worker, store, trackOrder } = setup();
    await store.create([order('mine', { owner: 'me' })]);
    await store.create([order('theirs', { owner: 'other' })]);
    expect(await worker.drain({ deadline: soon(), owner: 'me' })).toBe(true);
    expect(trackOrder.mock.calls.map(([input]) => input.order.orderId)).toEqual(['mine']);
  });

  it('keeps a still-failing delivery pending with a doubling wait, then fails it after maxAttempts', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { worker, store, trackOrder, events } = setup();
    trackOrder.mockRejectedValue(new HttpError(503, '', 'down'));
    await store.create([order('o-1')]);
    await worker.drain({ deadline: Date.now() + 5_000 });
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: Date.now() + 1000,
    });
    vi.setSystemTime(Date.now() + 1000);
    await worker.drain({ deadline: Date.now() + 5_000 });
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({
      attempts: 2,
      nextAttemptAt: Date.now() + 2000,
    });
    vi.setSystemTime(Date.now() + 2000);
    await worker.drain({ deadline: Date.now() + 5_000 });
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(
      events.filter((e) => e.type === 'delivery').map((e) => e.type === 'delivery' && e.outcome),
    ).toEqual(['pending', 'pending', 'failed']);
  });

  it("gives each call a deadline: the claim's lock expiry minus a tenth of lockMs (at most 30 s)", async () => {
    const { worker, store, trackOrder } = setup();
    await store.create([order('o-1')]);
    const before = Date.now();
    await worker.drain({ deadline: soon() });
    const [, options] = trackOrder.mock.calls[0] ?? [];
    // Claimed with lockUntil = now + 60 s: the call must be over 6 s before that.
    expect(options.deadline).toBeGreaterThanOrEqual(before + 54_000);
    expect(options.deadline).toBeLessThanOrEqual(Date.now() + 54_000);
    expect(options.signal).toBeInstanceOf(AbortSignal);
    expect(options.maxAttempts).toBeUndefined();
  });

  it('sends a held delivery once, no retry, cut at its budget, and leaves it pending for later', async () => {
    const { worker, store, trackOrder } = setup();
    let seen: AbortSignal | undefined;
    trackOrder.mockImplementation((_input, options) => {
      seen = options.signal;
      return new Promise((_resolve, reject) =>
        options.signal.addEventListener('abort', () => reject(new HttpError(503, '', 'cut'))),
      );
    });
    const held = order('o-1', { attempts: 1, lockedUntil: Date.now() + 60_000, lockToken: 'checkout' });
    await store.create([held]);
    const started = Date.now();
    expect(await worker.sendHeld(held, 50)).toMatchObject({ outcome: 'pending' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen?.aborted).toBe(true);
    expect(trackOrder.mock.calls[0]?.[1]).toMatchObject({ maxAttempts: 1 });
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await store.list('order', 'o-1'))[0]?.lockedUntil).toBeUndefined();
  });

  it('does not save the outcome of a delivery whose lock another worker took over', async () => {
    const { worker, store, events } = setup();
    const held = order('o-1', { attempts: 1, lockedUntil: Date.now() + 60_000, lockToken: 'lapsed' });
    await store.create([{ ...held, lockToken: 'new-owner' }]);
    await worker.sendHeld(held, 1_000);
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({
      status: 'pending',
      lockToken: 'new-owner',
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'relay-error',
        operation: 'store.update',
        error: expect.objectContaining({ name: 'StoreError', message: expect.stringMatching(/taken over/) }),
      }),
    );
  });

  it('abort() cuts the calls in flight; they stay pending', async () => {
    const { worker, store, trackOrder } = setup();
    trackOrder.mockImplementation(
      (_input, options) =>
        new Promise((_resolve, reject) =>
          options.signal.addEventListener('abort', () => reject(new HttpError(503, '', 'cut'))),
        ),
    );
    await store.create([order('o-1')]);
    const draining = worker.drain({ deadline: Date.now() + 50 });
    await vi.waitFor(() => expect(worker.inFlight('avantlink')).toBe(1));
    worker.abort();
    await draining;
    await worker.settled();
    expect(worker.inFlight('avantlink')).toBe(0);
    expect((await store.list('order', 'o-1'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it("polls on an interval once started, unref'd, and stops", async () => {
    vi.useFakeTimers();
    const { worker, store, trackOrder } = setup({ pollMs: 1000 });
    worker.start();
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    await store.create([order('o-1')]);
    await vi.advanceTimersByTimeAsync(1000);
    await worker.settled();
    expect(trackOrder).toHaveBeenCalledTimes(1);
    worker.stop();
    await store.create([order('o-2')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(trackOrder).toHaveBeenCalledTimes(1);
  });

  it('runs no timer with pollMs 0, but a nudge sends', async () => {
    vi.useFakeTimers();
    const { worker, store, trackOrder } = setup({ pollMs: 0 });
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    await store.create([order('o-1')]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(trackOrder).not.toHaveBeenCalled();
    worker.nudge();
    await vi.advanceTimersByTimeAsync(10);
    await worker.settled();
    expect(trackOrder).toHaveBeenCalledTimes(1);
  });

  it('purges finished deliveries past the retention period on its first pass', async () => {
    vi.useFakeTimers();
    const { worker, store } = setup({ retentionMs: 1000, pollMs: 1000 });
    await store.create([order('old', { status: 'sent', updatedAt: Date.now() - 5000 })]);
    await store.create([order('new', { status: 'sent', updatedAt: Date.now() })]);
    worker.start();
    await vi.advanceTimersByTimeAsync(10);
    await worker.settled();
    expect(await store.list('order', 'old')).toEqual([]);
    expect(await store.list('order', 'new')).toHaveLength(1);
  });

  it('sends an order while clicks fill every click place: orders have places of their own', async () => {
    const { worker, store, trackOrder, trackClick } = setup({ concurrency: 2, clickConcurrency: 3 });
    const release: (() => void)[] = [];
    trackClick.mockImplementation(
      () => new Promise((resolve) => release.push(() => resolve({ status: 200, attempts: 1 }))),
    );
    for (let i = 0; i < 10; i += 1) await store.create([clickRecord(`vis 77_c${i}`, { nextAttemptAt: 0 })]);
    void worker.kick();
    // The click limit starts at `concurrency` (2): two clicks hang, eight wait in the store.
    await vi.waitFor(() => expect(trackClick).toHaveBeenCalledTimes(2));
    await store.create([order('o-1', { nextAttemptAt: 0 })]);
    worker.nudge('order');
    await vi.waitFor(async () => expect((await store.list('order', 'o-1'))[0]?.status).toBe('sent'));
    expect(trackOrder).toHaveBeenCalledTimes(1);
    expect(trackClick).toHaveBeenCalledTimes(2);
    for (const done of release.splice(0)) done();
    await worker.settled();
  });

  it('claims orders before clicks in a pass, even when the clicks were due first', async () => {
    const { worker, store, trackOrder, trackClick } = setup({ concurrency: 1, clickConcurrency: 1 });
    const sent: string[] = [];
    trackClick.mockImplementation(async () => {
      sent.push('click');
      return { status: 200, attempts: 1 };
    });
    trackOrder.mockImplementation(async () => {
      sent.push('order');
      return { status: 200, attempts: 1 };
    });
    await store.create([clickRecord('vis 77_a', { nextAttemptAt: 0 })]);
    await store.create([order('o-1', { nextAttemptAt: 10 })]);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(sent).toEqual(['order', 'click']);
  });

  it('grows the click limit while the network answers quickly, never past clickConcurrency', async () => {
    // The worker's clock moves 1 ms per click sent: round trips of a few ms whatever the machine's load.
    let clock = Date.now();
    const { worker, store, trackClick } = setup({ concurrency: 2, clickConcurrency: 6, now: () => clock });
    let open = 0;
    let most = 0;
    trackClick.mockImplementation(async () => {
      clock += 1;
      most = Math.max(most, ++open);
      await new Promise((resolve) => setTimeout(resolve, 5));
      open -= 1;
      return { status: 200, attempts: 1 };
    });
    for (let i = 0; i < 60; i += 1) await store.create([clickRecord(`vis 77_c${i}`, { nextAttemptAt: 0 })]);
    expect(worker.clickLimit('avantlink')).toBe(2);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(trackClick).toHaveBeenCalledTimes(60);
    expect(worker.clickLimit('avantlink')).toBe(6);
    expect(most).toBeGreaterThan(2);
    expect(most).toBeLessThanOrEqual(6);
  });

  it('shrinks the click limit when clicks time out, and leaves them pending', async () => {
    const { worker, store, trackClick } = setup({ concurrency: 4, clickConcurrency: 8 });
    trackClick.mockRejectedValue(new TimeoutError(2_000));
    for (let i = 0; i < 3; i += 1) await store.create([clickRecord(`vis 77_c${i}`, { nextAttemptAt: 0 })]);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(worker.clickLimit('avantlink')).toBe(2);
    expect((await store.stats()).pendingClicks).toBe(3);
  });

  it('asks no click claim per order while no click is due (a lane found drained is skipped till a nudge)', async () => {
    const memory = createMemoryStore();
    const claims: string[] = [];
    const store: DeliveryStore = {
      ...memory,
      claim: (options) => {
        claims.push(options.kinds?.join('+') ?? 'all');
        return memory.claim(options);
      },
    };
    const { worker, trackOrder, trackClick } = setup({ store, concurrency: 1 });
    for (let i = 0; i < 10; i += 1) await store.create([order(`o-${i}`)]);
    expect(await worker.drain({ deadline: soon() })).toBe(true);
    expect(trackOrder).toHaveBeenCalledTimes(10);
    // The first round and drain()'s last check: two click claims for ten orders.
    expect(claims.filter((kinds) => kinds === 'click')).toHaveLength(2);
    // A click recorded (its nudge) makes the click lane worth asking again.
    await store.create([clickRecord('vis 77_late', { nextAttemptAt: 0 })]);
    worker.nudge('click');
    await vi.waitFor(() => expect(trackClick).toHaveBeenCalledTimes(1));
    await worker.settled();
  });

  it('reports a store that cannot be read and carries on', async () => {
    const broken: DeliveryStore = {
      ...createMemoryStore(),
      claim: () => Promise.reject(new Error('db down')),
    };
    const { worker, events } = setup({ store: broken });
    await expect(worker.drain({ deadline: soon() })).resolves.toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: 'relay-error', operation: 'store.claim' }));
  });
});
