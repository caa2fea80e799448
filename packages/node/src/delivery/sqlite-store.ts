import { ConfigError } from '@affiliate-relay/core';
import type { DeliveryRecord, DeliveryStats, DeliveryStore } from './contract';
import { byDue, ROW_COLUMNS, readRows, toRow, updateParams } from './read-rows';
import { loadBuiltin } from './runtime';
import { sqliteStoreError } from './sqlite-error';
import { createWriteQueue, type WriteOutcome } from './write-queue';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * The database file, created with its folder when missing. `':memory:'` keeps it in memory (tests).
   * Several processes of one shop on one machine may share a file. Required.
   */
  path: string;
  /**
   * SQLite's `synchronous` setting. `'NORMAL'` (with WAL) loses nothing when the process dies, only
   * the last commits on a power cut or OS crash, and writes ~7× faster than `'FULL'`, which survives
   * those too. Default: `'NORMAL'`.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a write waits for another process's write to finish, in ms. Default: 5_000. */
  busyTimeoutMs?: number;
}

/** The part of `node:sqlite` the store uses. */
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): {
    run(...params: unknown[]): { changes: number | bigint };
    all(...params: unknown[]): Record<string, unknown>[];
    get(...params: unknown[]): Record<string, unknown> | undefined;
  };
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS affiliate_relay_keys (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS affiliate_relay_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  network TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  lock_until INTEGER,
  lock_token TEXT,
  owner TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (kind, key, network)
);
CREATE INDEX IF NOT EXISTS affiliate_relay_pending ON affiliate_relay_deliveries (due_at, seq) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS affiliate_relay_finished ON affiliate_relay_deliveries (updated_at) WHERE state <> 'pending';
`;

/**
 * A durable {@link DeliveryStore} in a SQLite file, through Node's built-in `node:sqlite` (Node
 * 22.13+; no native addon). The default store of `createRelay` on Node. WAL mode: readers never
 * wait for the writer, and every process of one shop on one machine (node:cluster, PM2) may share
 * the file: each delivery is claimed by one of them.
 *
 * NOTE: `node:sqlite` is synchronous. Each statement is short (one indexed row or a small batch),
 * but a write that waits for another process's write blocks this process's event loop for up to
 * `busyTimeoutMs`.
 *
 * @example
 * const store = createSqliteStore({ path: '/var/lib/shop/affiliate-relay.db' });
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store });
 */
export function createSqliteStore(options: SqliteStoreOptions): DeliveryStore {
  const path = options?.path;
  if (typeof path !== 'string' || path === '') throw new ConfigError('createSqliteStore: path is required');
  const synchronous = options.synchronous ?? 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new ConfigError("createSqliteStore: synchronous must be 'NORMAL' or 'FULL'");
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new ConfigError('createSqliteStore: busyTimeoutMs must be a whole number of ms, 0 or more');
  }
  const db = openDatabase(path, synchronous, busyTimeoutMs);
  const sql = prepareStatements(db);
  let closed = false;

  function guarded<T>(operation: string, work: () => T): Promise<T> {
    if (closed) return Promise.reject(sqliteStoreError(operation, new Error('the store is closed')));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(sqliteStoreError(operation, error));
    }
  }

  function inTransaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  // One create: its key, then its records, or nothing when the key is already there.
  function insert(records: readonly DeliveryRecord[]): boolean {
    const first = records[0]!;
    if (Number(sql.insertKey.run(first.kind, first.key, first.createdAt).changes) === 0) return false;
    for (const record of records) sql.insertDelivery.run(...toRow(record));
    return true;
  }

  // Group commit (see createWriteQueue): one transaction for the creates, and one for the updates, of one turn of
  // the event loop; when there are several, each in a savepoint of its own, so that one failing write fails alone.
  function inBatch<Input, Result>(write: (input: Input) => Result) {
    return (batch: readonly Input[]): WriteOutcome<Result>[] =>
      inTransaction(() => {
        if (batch.length === 1) return [{ ok: true, value: write(batch[0]!) }];
        return batch.map((input) => {
          db.exec('SAVEPOINT affiliate_relay_write');
          try {
            return { ok: true, value: write(input) };
          } catch (error) {
            db.exec('ROLLBACK TO affiliate_relay_write');
            return { ok: false, error };
          } finally {
            db.exec('RELEASE affiliate_relay_write');
          }
        });
      });
  }
  const creates = createWriteQueue(inBatch(insert));
  const updates = createWriteQueue(
    inBatch((record: DeliveryRecord) => Number(sql.update.run(...updateParams(record)).changes) === 1),
  );
  const queued = <Result>(operation: string, work: () => Promise<Result>): Promise<Result> => {
    if (closed) return Promise.reject(sqliteStoreError(operation, new Error('the store is closed')));
    return work().catch((error) => Promise.reject(sqliteStoreError(operation, error)));
  };

  return {
    type: 'sqlite',
    create: (records) =>
      records.length === 0 && !closed ? Promise.resolve(true) : queued('create', () => creates.add(records)),
    update: (record) => queued('update', () => updates.add(record)),
    claim: ({ now, lockUntil, lockToken, limit, network, owner }) =>
      guarded('claim', () => {
        const count = Math.max(0, Math.floor(limit));
        if (count === 0) return [];
        const rows = sql.claim.all(
          Math.ceil(lockUntil),
          lockToken,
          Math.floor(now),
          Math.floor(now),
          network ?? null,
          network ?? null,
          owner ?? null,
          owner ?? null,
          count,
        );
        return readRows(byDue(rows), (seq) => sql.markUnreadable.run(seq));
      }),
    list: (kind, key) => guarded('list', () => readRows(sql.list.all(kind, key), () => undefined)),
    listCreated: (kind, from, to) =>
      guarded('listCreated', () =>
        readRows(sql.listCreated.all(kind, Math.ceil(from), Math.ceil(to)), () => undefined),
      ),
    countSent: (kind, since) =>
      guarded('countSent', () => Number(sql.countSent.get(kind, Math.floor(since))?.sent ?? 0)),
    stats: () =>
      guarded('stats', () => {
        const pending = sql.pendingStats.get() ?? {};
        const stats: DeliveryStats = {
          pending: Number(pending.pending ?? 0),
          pendingClicks: Number(pending.clicks ?? 0),
          failed: Number(sql.failedCount.get()?.failed ?? 0),
        };
        if (pending.oldest !== null && pending.oldest !== undefined)
          stats.oldestPendingAt = Number(pending.oldest);
        return stats;
      }),
    purge: (before) =>
      guarded('purge', () =>
        inTransaction(() => {
          const deleted = Number(sql.purgeDeliveries.run(Math.floor(before)).changes);
          sql.purgeKeys.run(Math.floor(before));
          return deleted;
        }),
      ),
    async close() {
      if (closed) return;
      // Writes already asked for are done first: their callers are waiting on them.
      creates.flush();
      updates.flush();
      closed = true;
      db.close();
    },
  };
}

function openDatabase(path: string, synchronous: string, busyTimeoutMs: number): SqliteDatabase {
  const sqlite = loadBuiltin<{ DatabaseSync: new (path: string) => SqliteDatabase }>('node:sqlite');
  if (!sqlite) {
    throw new ConfigError(
      'createSqliteStore needs node:sqlite (Node 22.13 or later): use createMemoryStore or createPostgresStore here',
    );
  }
  try {
    if (path !== ':memory:') {
      const fs = loadBuiltin<{ mkdirSync(path: string, options: { recursive: true }): void }>('node:fs');
      const dir = path.replace(/[\\/][^\\/]*$/, '');
      if (fs && dir && dir !== path) fs.mkdirSync(dir, { recursive: true });
    }
    const db = new sqlite.DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    throw sqliteStoreError('open', error);
  }
}

function prepareStatements(db: SqliteDatabase) {
  const table = 'affiliate_relay_deliveries';
  return {
    insertKey: db.prepare(
      'INSERT OR IGNORE INTO affiliate_relay_keys (kind, key, created_at) VALUES (?, ?, ?)',
    ),
    insertDelivery: db.prepare(
      `INSERT INTO ${table} (${ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE ${table} SET state = ?, attempts = ?, due_at = ?, lock_until = ?, lock_token = ?, updated_at = ?, record = ?
WHERE kind = ? AND key = ? AND network = ? AND lock_token IS ?`,
    ),
    claim: db.prepare(
      `UPDATE ${table} SET lock_until = ?, lock_token = ?, attempts = attempts + 1
WHERE seq IN (
  SELECT seq FROM ${table}
  WHERE state = 'pending' AND due_at <= ? AND (lock_until IS NULL OR lock_until <= ?)
    AND (? IS NULL OR network = ?) AND (? IS NULL OR owner = ?)
  ORDER BY due_at, seq LIMIT ?
)
RETURNING seq, due_at, attempts, lock_until, lock_token, record`,
    ),
    markUnreadable: db.prepare(
      `UPDATE ${table} SET state = 'failed', lock_until = NULL, lock_token = NULL WHERE seq = ?`,
    ),
    list: db.prepare(
      `SELECT seq, due_at, attempts, lock_until, lock_token, record FROM ${table} WHERE kind = ? AND key = ? ORDER BY seq`,
    ),
    pendingStats: db.prepare(
      `SELECT count(*) AS pending, sum(kind = 'click') AS clicks, min(created_at) AS oldest FROM ${table} WHERE state = 'pending'`,
    ),
    listCreated: db.prepare(
      `SELECT seq, due_at, attempts, lock_until, lock_token, record FROM ${table} WHERE kind = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, seq`,
    ),
    countSent: db.prepare(
      `SELECT count(*) AS sent FROM ${table} WHERE kind = ? AND state = 'sent' AND updated_at >= ?`,
    ),
    failedCount: db.prepare(`SELECT count(*) AS failed FROM ${table} WHERE state = 'failed'`),
    purgeDeliveries: db.prepare(`DELETE FROM ${table} WHERE state <> 'pending' AND updated_at < ?`),
    purgeKeys: db.prepare(
      `DELETE FROM affiliate_relay_keys WHERE created_at < ? AND NOT EXISTS
  (SELECT 1 FROM ${table} d WHERE d.kind = affiliate_relay_keys.kind AND d.key = affiliate_relay_keys.key)`,
    ),
  };
}
