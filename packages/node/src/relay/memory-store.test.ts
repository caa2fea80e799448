import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { describeDeliveryStore, record } from './delivery-store.contract';
import { createMemoryStore } from './memory-store';

describeDeliveryStore('memory store', () => createMemoryStore());

describe('createMemoryStore', () => {
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
