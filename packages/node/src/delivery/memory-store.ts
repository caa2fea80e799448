import { ConfigError } from '@affiliate-relay/core';
import { visitorClickPrefix } from './click-key';
import type { DeliveryKind, DeliveryRecord, DeliveryStats, DeliveryStore, HandoffRecord } from './contract';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Keys (orders, clicks) remembered for dedupe. Past this, the oldest keys whose deliveries are
   * all finished are forgotten (pending ones never are). Default: 100_000.
   */
  maxKeys?: number;
}

/**
 * A {@link DeliveryStore} in this process's memory: nothing to set up, and nothing survives the
 * process. Choose it for tests, or on runtimes without `node:sqlite` (Workers); a shop on Node gets
 * the durable SQLite store by default.
 *
 * @example
 * const store = createMemoryStore();
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store });
 * await store.list('order', 'order-1'); // the order's deliveries
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): DeliveryStore {
  const maxKeys = options.maxKeys ?? 100_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) {
    throw new ConfigError('createMemoryStore: maxKeys must be a whole number, 1 or more');
  }
  // Insertion order is the age order that eviction needs.
  const keys = new Map<string, DeliveryRecord[]>();
  const slot = (kind: DeliveryKind, key: string) => `${kind}\u0000${key}`;
  // Hand-offs, by id: bounded by `purge` (expiry), as in the database stores.
  const handoffs = new Map<string, HandoffRecord>();

  function evict(): void {
    for (const [id, records] of keys) {
      if (keys.size <= maxKeys) return;
      if (records.every((record) => record.status !== 'pending')) keys.delete(id);
    }
  }

  function* all(): Generator<DeliveryRecord> {
    for (const records of keys.values()) yield* records;
  }

  return {
    type: 'memory',
    async create(records) {
      const first = records[0];
      if (!first) return true;
      const id = slot(first.kind, first.key);
      if (keys.has(id)) return false;
      keys.set(id, records.map(copy));
      if (keys.size > maxKeys) evict();
      return true;
    },
    async update(record) {
      const records = keys.get(slot(record.kind, record.key));
      const index = records?.findIndex((held) => held.network === record.network) ?? -1;
      if (!records || index === -1 || records[index]!.lockToken !== record.lockToken) return false;
      records[index] = copy(record);
      return true;
    },
    async claim({ now, lockUntil, lockToken, limit, network, owner, kinds }) {
      const count = Math.max(0, Math.floor(limit));
      // The `count` oldest due records, kept in order in one pass (a claim takes a few of many).
      const due: DeliveryRecord[] = [];
      for (const record of all()) {
        if (count === 0) break;
        if (record.status !== 'pending' || (record.lockedUntil ?? 0) > now || record.nextAttemptAt > now)
          continue;
        if ((network && record.network !== network) || (owner && record.owner !== owner)) continue;
        if (kinds && !kinds.includes(record.kind)) continue;
        if (due.length === count && record.nextAttemptAt >= due[count - 1]!.nextAttemptAt) continue;
        let at = due.length;
        while (at > 0 && due[at - 1]!.nextAttemptAt > record.nextAttemptAt) at -= 1;
        due.splice(at, 0, record);
        if (due.length > count) due.pop();
      }
      return due.map((record) => {
        record.lockedUntil = lockUntil;
        record.lockToken = lockToken;
        record.attempts += 1;
        return copy(record);
      });
    },
    async list(kind, key) {
      return (keys.get(slot(kind, key)) ?? []).map(copy);
    },
    async listCreated(kind, from, to) {
      const found: DeliveryRecord[] = [];
      for (const record of all()) {
        if (record.kind === kind && record.createdAt >= from && record.createdAt < to)
          found.push(copy(record));
      }
      return found.sort((a, b) => a.createdAt - b.createdAt);
    },
    async dropPendingClicks(visitorId) {
      const prefix = visitorClickPrefix(visitorId);
      const dropped: DeliveryRecord[] = [];
      for (const records of keys.values()) {
        for (let index = records.length - 1; index >= 0; index -= 1) {
          const record = records[index]!;
          if (record.kind !== 'click' || record.status !== 'pending' || !record.key.startsWith(prefix))
            continue;
          dropped.unshift(copy(record));
          // The key stays (dedupe), with no delivery left.
          records.splice(index, 1);
        }
      }
      return dropped;
    },
    async countSent(kind, since) {
      let count = 0;
      for (const record of all()) {
        if (record.kind === kind && record.status === 'sent' && record.updatedAt >= since) count += 1;
      }
      return count;
    },
    async listByStatus(status, limit) {
      const found: DeliveryRecord[] = [];
      for (const record of all()) {
        if (record.status === status && record.kind !== 'decision') found.push(record);
      }
      return found
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, Math.max(0, Math.floor(limit)))
        .map(copy);
    },
    async countByNetwork() {
      const counts: Record<string, { pending: number; failed: number }> = {};
      for (const record of all()) {
        if (record.status === 'sent') continue;
        const id = record.network;
        counts[id] ??= { pending: 0, failed: 0 };
        const count = counts[id];
        count[record.status] += 1;
      }
      return counts;
    },
    async stats() {
      const stats: DeliveryStats = { pending: 0, pendingClicks: 0, failed: 0 };
      for (const record of all()) {
        if (record.status === 'failed') stats.failed += 1;
        if (record.status !== 'pending') continue;
        stats.pending += 1;
        if (record.kind === 'click') stats.pendingClicks += 1;
        if (stats.oldestPendingAt === undefined || record.createdAt < stats.oldestPendingAt) {
          stats.oldestPendingAt = record.createdAt;
        }
      }
      return stats;
    },
    async saveHandoff(record) {
      if (handoffs.has(record.id)) throw new Error(`hand-off ${record.id} is already saved`);
      handoffs.set(record.id, structuredClone(record));
    },
    async readHandoff(id) {
      const found = handoffs.get(id);
      return found ? structuredClone(found) : undefined;
    },
    async purge(before) {
      for (const [id, handoff] of handoffs) if (handoff.expiresAt < before) handoffs.delete(id);
      let deleted = 0;
      for (const [id, records] of keys) {
        const kept = records.filter((record) => record.status === 'pending' || record.updatedAt >= before);
        deleted += records.length - kept.length;
        if (kept.length === 0) keys.delete(id);
        else if (kept.length < records.length) keys.set(id, kept);
      }
      return deleted;
    },
  };
}

// Copies in and out, as a database would: a caller's later changes never alter what is stored.
function copy(record: DeliveryRecord): DeliveryRecord {
  return structuredClone(record);
}
