import { ConfigError } from '@affiliate-relay/core';
import type { DeliveryRecord, DeliveryStore } from './delivery-store';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Orders remembered for dedupe. Past this, the oldest orders whose deliveries are all finished
   * are forgotten (pending ones never are). Default: 100_000.
   */
  maxOrders?: number;
}

/**
 * The default {@link DeliveryStore}: in this process's memory, nothing to set up. It dedupes and
 * redelivers within one process and forgets everything when the process ends; a fleet of servers,
 * or conversions that must survive a restart, need a shared store.
 *
 * @example
 * const store = createMemoryStore();
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store });
 * await store.list('order-1'); // the order's deliveries
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): DeliveryStore {
  const maxOrders = options.maxOrders ?? 100_000;
  if (!Number.isInteger(maxOrders) || maxOrders < 1) {
    throw new ConfigError('maxOrders must be a whole number, 1 or more');
  }
  // Insertion order is the age order that eviction needs.
  const orders = new Map<string, DeliveryRecord[]>();

  function evict(): void {
    if (orders.size <= maxOrders) return;
    for (const [orderId, records] of orders) {
      if (orders.size <= maxOrders) return;
      if (records.every((record) => record.status !== 'pending')) orders.delete(orderId);
    }
  }

  return {
    async create(orderId, records) {
      if (orders.has(orderId)) return false;
      orders.set(orderId, records.map(copy));
      evict();
      return true;
    },
    async update(record) {
      const records = orders.get(record.orderId);
      const index = records?.findIndex((held) => held.network === record.network) ?? -1;
      if (!records || index === -1) return;
      records[index] = copy(record);
    },
    async claim({ now, lockUntil, limit, dueOnly }) {
      const claimed: DeliveryRecord[] = [];
      for (const records of orders.values()) {
        for (const record of records) {
          if (claimed.length >= limit) return claimed;
          if (record.status !== 'pending' || (record.lockedUntil ?? 0) > now) continue;
          if (dueOnly && record.nextAttemptAt > now) continue;
          record.lockedUntil = lockUntil;
          claimed.push(copy(record));
        }
      }
      return claimed;
    },
    async list(orderId) {
      return (orders.get(orderId) ?? []).map(copy);
    },
  };
}

// Copies in and out, as a database would: a caller's later changes never alter what is stored.
function copy(record: DeliveryRecord): DeliveryRecord {
  return structuredClone(record);
}
