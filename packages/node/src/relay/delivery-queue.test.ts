import { HttpError } from '@affiliate-relay/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventEmitter, type RelayEvent } from '../http/events';
import { createDeliveryQueue, type DeliveryQueueOptions } from './delivery-queue';
import type { DeliveryRecord, DeliveryStore } from './delivery-store';
import { createMemoryStore } from './memory-store';

function record(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    orderId,
    network: 'avantlink',
    status: 'pending',
    attempts: 1,
    createdAt: 0,
    updatedAt: 0,
    nextAttemptAt: 0,
    request: { avad: '77_x', order: { orderId, subtotal: 1, currency: 'USD' } },
    ...overrides,
  } as DeliveryRecord;
}

function setup(overrides: Partial<DeliveryQueueOptions> = {}) {
  const events: RelayEvent[] = [];
  const store = createMemoryStore();
  const trackOrder = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
  const queue = createDeliveryQueue({
    store,
    clients: { avantlink: { trackOrder } },
    events: createEventEmitter((event) => events.push(event)),
    schedule: { intervalMs: 1000, maxDelayMs: 60_000, maxAttempts: 3 },
    lockMs: 60_000,
    ...overrides,
  });
  return { queue, store, trackOrder, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createDeliveryQueue', () => {
  it('redelivers only due deliveries on a timer pass, and every unlocked one on a flush pass', async () => {
    const { queue, store, trackOrder } = setup();
    const future = Date.now() + 60_000;
    await store.create('due', [record('due')]);
    await store.create('later', [record('later', { nextAttemptAt: future })]);
    await store.create('held', [record('held', { lockedUntil: future })]);
    await queue.redeliver(true);
    expect(trackOrder.mock.calls.map(([input]) => input.order.orderId)).toEqual(['due']);
    await queue.redeliver(false);
    expect(trackOrder.mock.calls.map(([input]) => input.order.orderId)).toEqual(['due', 'later']);
    expect((await store.list('later'))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await store.list('held'))[0]?.status).toBe('pending');
  });

  it('keeps a still-failing delivery pending, then fails it after maxAttempts', async () => {
    const { queue, store, trackOrder, events } = setup();
    trackOrder.mockRejectedValue(new HttpError(503, '', 'down'));
    await store.create('o-1', [record('o-1', { attempts: 1 })]);
    await queue.redeliver(false);
    expect((await store.list('o-1'))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await queue.redeliver(false);
    expect((await store.list('o-1'))[0]).toMatchObject({ status: 'failed', attempts: 3 });
    expect(
      events.filter((e) => e.type === 'delivery').map((e) => e.type === 'delivery' && e.outcome),
    ).toEqual(['queued', 'failed']);
  });

  it("gives each call a deadline: the record's lock expiry minus a tenth of lockMs (at most 30 s)", async () => {
    const { queue, store, trackOrder } = setup();
    await store.create('o-1', [record('o-1')]);
    const before = Date.now();
    await queue.redeliver(false);
    const [, options] = trackOrder.mock.calls[0] ?? [];
    // Claimed with lockUntil = now + 60 s: the call must be over 6 s before that.
    expect(options.deadline).toBeGreaterThanOrEqual(before + 54_000);
    expect(options.deadline).toBeLessThanOrEqual(Date.now() + 54_000);
    const first = record('o-2', { attempts: 0, lockedUntil: 1_000_000 });
    await queue.deliver(first);
    expect(trackOrder.mock.calls[1]?.[1]).toEqual({ deadline: 1_000_000 - 6_000 });
  });

  it('runs passes on an interval once started, and stops', async () => {
    vi.useFakeTimers();
    const { queue, store, trackOrder } = setup();
    queue.start();
    queue.start();
    await store.create('o-1', [record('o-1')]);
    await vi.advanceTimersByTimeAsync(1000);
    await queue.settled();
    expect(trackOrder).toHaveBeenCalledTimes(1);
    queue.stop();
    await store.create('o-2', [record('o-2')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(trackOrder).toHaveBeenCalledTimes(1);
  });

  it('runs no timer with intervalMs 0', async () => {
    vi.useFakeTimers();
    const { queue, store, trackOrder } = setup({
      schedule: { intervalMs: 0, maxDelayMs: 1, maxAttempts: 3 },
    });
    queue.start();
    await store.create('o-1', [record('o-1')]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(trackOrder).not.toHaveBeenCalled();
  });

  it('reports a store that cannot be read and carries on', async () => {
    const broken: DeliveryStore = {
      ...createMemoryStore(),
      claim: () => Promise.reject(new Error('db down')),
    };
    const { queue, events } = setup({ store: broken });
    await expect(queue.redeliver(false)).resolves.toBeUndefined();
    expect(events).toContainEqual(expect.objectContaining({ type: 'relay-error', operation: 'store.claim' }));
  });

  it('settles once every delivery under way has finished', async () => {
    const { queue, trackOrder } = setup();
    let release: () => void = () => undefined;
    trackOrder.mockReturnValue(
      new Promise((resolve) => (release = () => resolve({ status: 200, attempts: 1 }))),
    );
    const delivery = queue.deliver(record('o-1'));
    let settled = false;
    const waiting = queue.settled().then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await waiting;
    expect(await delivery).toEqual({ outcome: 'sent' });
  });
});
