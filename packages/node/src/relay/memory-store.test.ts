import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from './delivery-store';
import { createMemoryStore } from './memory-store';

function record(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
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

describe('createMemoryStore', () => {
  it('records an order once: a second create of the same id is refused and changes nothing', async () => {
    const store = createMemoryStore();
    expect(await store.create('o-1', [record('o-1')])).toBe(true);
    expect(await store.create('o-1', [record('o-1', { attempts: 9 })])).toBe(false);
    expect((await store.list('o-1')).map((r) => r.attempts)).toEqual([0]);
    expect(await store.list('unknown')).toEqual([]);
  });

  it('claims unlocked pending records, locks them, and never hands one out twice', async () => {
    const store = createMemoryStore();
    await store.create('o-1', [record('o-1')]);
    await store.create('o-2', [record('o-2', { lockedUntil: 5000 })]);
    await store.create('o-3', [record('o-3', { status: 'sent' })]);
    const first = await store.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false });
    expect(first.map((r) => [r.orderId, r.lockedUntil])).toEqual([['o-1', 9000]]);
    expect(await store.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false })).toEqual([]);
    // Once o-2's lock has lapsed, it can be claimed.
    const later = await store.claim({ now: 6000, lockUntil: 9500, limit: 10, dueOnly: false });
    expect(later.map((r) => r.orderId)).toEqual(['o-2']);
  });

  it('claims only due records when asked, and no more than the limit', async () => {
    const store = createMemoryStore();
    await store.create('o-1', [record('o-1', { nextAttemptAt: 3000 })]);
    await store.create('o-2', [record('o-2', { nextAttemptAt: 1000 })]);
    await store.create('o-3', [record('o-3', { nextAttemptAt: 1000 })]);
    const due = await store.claim({ now: 2000, lockUntil: 9000, limit: 1, dueOnly: true });
    expect(due.map((r) => r.orderId)).toEqual(['o-2']);
  });

  it('updates a record by order id and network, and copies in and out', async () => {
    const store = createMemoryStore();
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

  it('forgets the oldest finished orders past maxOrders, never a pending one', async () => {
    const store = createMemoryStore({ maxOrders: 2 });
    await store.create('pending', [record('pending')]);
    await store.create('done-1', [record('done-1', { status: 'sent' })]);
    await store.create('done-2', [record('done-2', { status: 'failed' })]);
    expect(await store.list('pending')).toHaveLength(1);
    expect(await store.list('done-1')).toEqual([]);
    expect(await store.list('done-2')).toHaveLength(1);
    expect(() => createMemoryStore({ maxOrders: 0 })).toThrow(ConfigError);
  });
});
