import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../store';
import { createMemoryStore } from './memory-store';
import { record } from './store-records.contract';

// Through the subpath's own export, as a shop's store runs it.
runStoreContract(() => createMemoryStore(), { describe, it, expect }, { name: 'memory store' });

describe('createMemoryStore', () => {
  it('forgets the oldest finished keys past maxKeys, never a pending one', async () => {
    const store = createMemoryStore({ maxKeys: 2 });
    await store.create([record('pending')]);
    await store.create([record('done-1', { status: 'sent' })]);
    await store.create([record('done-2', { status: 'failed' })]);
    expect(await store.list('order', 'pending')).toHaveLength(1);
    expect(await store.list('order', 'done-1')).toEqual([]);
    expect(await store.list('order', 'done-2')).toHaveLength(1);
    expect(() => createMemoryStore({ maxKeys: 0 })).toThrow(ConfigError);
    expect(store.type).toBe('memory');
  });
});
