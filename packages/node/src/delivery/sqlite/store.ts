import { ConfigError, StoreError } from '@affiliate-relay/core';
import { loadSchemas } from '../../lazy-schemas';
import { visitorClickPrefix } from '../click-key';
import type { DeliveryRecord, DeliveryStats, DeliveryStore } from '../contract';
import { readHandoffRow } from '../handoff-row';
import {
  byDue,
  countsByNetwork,
  ROW_COLUMNS,
  readRows,
  toRow,
  unreadableWarning,
  updateParams,
} from '../read-rows';
import { createStoreWarnings } from '../store-warnings';
import { ephemeralFilesystem } from './ephemeral-path';
import { sqliteStoreError } from './error';
import { fileIdentity, sameFile } from './file-identity';
import { folderOf, openSqlite, type SqliteDatabase } from './open';
import { copyStore } from './rescue';
import { immediateTransaction } from './transaction';
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

/**
 * A durable {@link DeliveryStore} in a SQLite file, through Node's built-in `node:sqlite` (Node
 * 22.13+; no native addon). The default store of `createRelay` on Node. WAL mode: readers never
 * wait for the writer, and every process of one shop on one machine (node:cluster, PM2) may share
 * the file: each delivery is claimed by one of them.
 *
 * The file's schema is migrated at open (its version is kept in the file); a file written by a
 * newer release is refused. When the file is deleted or replaced under the running store (a
 * cleanup job, a redeploy of the folder), the next write notices (one `stat` after each commit),
 * copies what the open database still holds into a new file at the path, and says so with a
 * `store-file-replaced` warning; a write is acknowledged only once it is in the file at the path.
 * At open, a path on overlay or tmpfs (a container's writable layer, `/tmp`) gets an
 * `ephemeral-store` warning.
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
  const openOptions = { synchronous, busyTimeoutMs } as const;
  let db = openSqlite(path, openOptions);
  let sql = prepareStatements(db);
  const onDisk = path !== ':memory:';
  // Which file the path named at open: a write checks that it still does (see checkFile).
  let identity = onDisk ? fileIdentity(path) : undefined;
  const warnings = createStoreWarnings();
  const filesystem = onDisk ? ephemeralFilesystem(folderOf(path) || '.') : undefined;
  if (filesystem) {
    warnings.emit({
      code: 'ephemeral-store',
      message: `The delivery store's file is on ${filesystem} (a container's writable layer or memory): pending deliveries will not survive a redeploy or reboot. Mount a volume and set AFFILIATE_RELAY_DB to a file on it, or use createPostgresStore`,
    });
  }
  let closed = false;

  // After each commit: does the path still name the open file? When it was deleted (with its -wal
  // and -shm) or replaced, the connection writes to a file nobody will open again. Its content is
  // copied into a file at the path (a new one, or the copy another process sharing it made first)
  // before the write is acknowledged; when that fails the write fails.
  function checkFile(): void {
    if (!onDisk || sameFile(identity, fileIdentity(path))) return;
    let fresh: SqliteDatabase;
    let pending: number;
    try {
      fresh = openSqlite(path, openOptions);
    } catch (error) {
      throw rescueFailed(error);
    }
    try {
      pending = copyStore(db, path);
    } catch (error) {
      closeQuietly(fresh);
      throw rescueFailed(error);
    }
    // The old connection is let go either way.
    closeQuietly(db);
    db = fresh;
    sql = prepareStatements(db);
    identity = fileIdentity(path);
    warnings.emit({
      code: 'store-file-replaced',
      message: `The delivery store's file was deleted or replaced while the relay ran: what the open database held (${pending} pending deliveries, and every order id and click seen) was copied into a new file at the same path. Keep the store's folder out of cleanup jobs (git clean -X, tmp reapers) and redeploys`,
    });
  }

  function guarded<T>(operation: string, work: () => T): Promise<T> {
    if (closed) return Promise.reject(sqliteStoreError(operation, new Error('the store is closed')));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(sqliteStoreError(operation, error));
    }
  }

  // `db` is read at each call: a rescue (checkFile) replaces the connection.
  function inTransaction<T>(work: () => T): T {
    return immediateTransaction(db, work);
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
    return (batch: readonly Input[]): WriteOutcome<Result>[] => {
      const outcomes = inTransaction((): WriteOutcome<Result>[] => {
        if (batch.length === 1) return [{ ok: true, value: write(batch[0]!) }];
        return batch.map((input) => {
          db.exec('SAVEPOINT affiliate_relay_write');
          try {
            const value = write(input);
            db.exec('RELEASE affiliate_relay_write');
            return { ok: true, value };
          } catch (error) {
            try {
              db.exec('ROLLBACK TO affiliate_relay_write');
              db.exec('RELEASE affiliate_relay_write');
            } catch {
              // SQLite ended the whole transaction (a full disk): the batch fails, with this reason.
              throw error;
            }
            return { ok: false, error };
          }
        });
      });
      checkFile();
      return outcomes;
    };
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
    // The records' schema is zod's, loaded on first need: before the claim, never inside its transaction.
    claim: async ({ now, lockUntil, lockToken, limit, network, owner, kinds }) => {
      await loadSchemas();
      return guarded('claim', () => {
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
          kinds ? JSON.stringify(kinds) : null,
          kinds ? JSON.stringify(kinds) : null,
          count,
        );
        const records = readRows(byDue(rows), (row, error) => {
          sql.markUnreadable.run(row.seq);
          warnings.emit(unreadableWarning(row, error));
        });
        checkFile();
        return records;
      });
    },
    list: async (kind, key) => {
      await loadSchemas();
      return guarded('list', () => readRows(sql.list.all(kind, key), () => undefined));
    },
    listCreated: async (kind, from, to) => {
      await loadSchemas();
      return guarded('listCreated', () =>
        readRows(sql.listCreated.all(kind, Math.ceil(from), Math.ceil(to)), () => undefined),
      );
    },
    dropPendingClicks: async (visitorId) => {
      await loadSchemas();
      return guarded('dropPendingClicks', () => {
        const prefix = visitorClickPrefix(visitorId);
        const rows = inTransaction(() => sql.dropPendingClicks.all(prefix.length, prefix));
        checkFile();
        return readRows(byDue(rows), () => undefined);
      });
    },
    listByStatus: async (status, limit) => {
      await loadSchemas();
      return guarded('listByStatus', () =>
        readRows(sql.listByStatus.all(status, Math.max(0, Math.floor(limit))), () => undefined),
      );
    },
    countByNetwork: () => guarded('countByNetwork', () => countsByNetwork(sql.countByNetwork.all())),
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
    saveHandoff: (record) =>
      guarded('saveHandoff', () => {
        sql.insertHandoff.run(record.id, Math.ceil(record.expiresAt), JSON.stringify(record));
        checkFile();
      }),
    readHandoff: (id) =>
      guarded('readHandoff', () => {
        const row = sql.readHandoff.get(id);
        return row ? readHandoffRow(row.record) : undefined;
      }),
    purge: (before) =>
      guarded('purge', () => {
        const deleted = inTransaction(() => {
          const count = Number(sql.purgeDeliveries.run(Math.floor(before)).changes);
          sql.purgeKeys.run(Math.floor(before));
          sql.purgeHandoffs.run(Math.floor(before));
          return count;
        });
        checkFile();
        return deleted;
      }),
    onWarning: warnings.listen,
    async close() {
      if (closed) return;
      // Writes already asked for are done first: their callers are waiting on them.
      creates.flush();
      updates.flush();
      closed = true;
      try {
        // A file deleted since the last write: put back what it held before letting go of it.
        checkFile();
      } finally {
        db.close();
      }
    },
  };
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
    AND (? IS NULL OR kind IN (SELECT value FROM json_each(?)))
  ORDER BY due_at, seq LIMIT ?
)
RETURNING seq, kind, key, network, due_at, attempts, lock_until, lock_token, record`,
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
    listByStatus: db.prepare(
      `SELECT seq, due_at, attempts, lock_until, lock_token, record FROM ${table} WHERE state = ? AND kind <> 'decision' ORDER BY created_at, seq LIMIT ?`,
    ),
    countByNetwork: db.prepare(
      `SELECT network, state, count(*) AS count FROM ${table} WHERE state IN ('pending', 'failed') GROUP BY network, state`,
    ),
    countSent: db.prepare(
      `SELECT count(*) AS sent FROM ${table} WHERE kind = ? AND state = 'sent' AND updated_at >= ?`,
    ),
    // substr, not LIKE: `_` is a wildcard there, and visitor ids hold it.
    dropPendingClicks: db.prepare(
      `DELETE FROM ${table} WHERE kind = 'click' AND state = 'pending' AND substr(key, 1, ?) = ?
RETURNING seq, due_at, attempts, lock_until, lock_token, record`,
    ),
    failedCount: db.prepare(`SELECT count(*) AS failed FROM ${table} WHERE state = 'failed'`),
    insertHandoff: db.prepare(
      'INSERT INTO affiliate_relay_handoffs (id, expires_at, record) VALUES (?, ?, ?)',
    ),
    readHandoff: db.prepare('SELECT record FROM affiliate_relay_handoffs WHERE id = ?'),
    purgeHandoffs: db.prepare('DELETE FROM affiliate_relay_handoffs WHERE expires_at < ?'),
    purgeDeliveries: db.prepare(`DELETE FROM ${table} WHERE state <> 'pending' AND updated_at < ?`),
    purgeKeys: db.prepare(
      `DELETE FROM affiliate_relay_keys WHERE created_at < ? AND NOT EXISTS
  (SELECT 1 FROM ${table} d WHERE d.kind = affiliate_relay_keys.kind AND d.key = affiliate_relay_keys.key)`,
    ),
  };
}

function rescueFailed(error: unknown): StoreError {
  return new StoreError(
    `SQLite delivery store: the store's file was deleted or replaced while the relay ran, and what it held could not be put back at its path: ${sqliteStoreError('rescue', error).message}`,
  );
}

function closeQuietly(db: SqliteDatabase): void {
  try {
    db.close();
  } catch {
    // Already closed, or its file gone: nothing more to let go.
  }
}
