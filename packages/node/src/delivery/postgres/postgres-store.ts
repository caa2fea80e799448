import { ConfigError } from '@affiliate-relay/core';
import { loadSchemas } from '../../lazy-schemas';
import { visitorClickPrefix } from '../click-key';
import type { DeliveryStats, DeliveryStore, StoreWarning } from '../contract';
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
import { migratePostgres } from './migrations';
import { type PostgresTableOptions, postgresNames } from './postgres-schema';
import { postgresStoreError } from './postgres-store-error';

/*
 * NOTE: this module never imports `pg`. The shop passes its own pool, so `pg` stays an optional
 * peer dependency and shops on the memory store load nothing of it. The types below are the part
 * of node-postgres that the store uses; a `pg.Pool` fits them.
 */

/** What the store needs of a query result. */
export interface PostgresQueryResult {
  /** The rows, keyed by column name. */
  rows: Record<string, unknown>[];
  /** Rows inserted, updated or deleted (null when the driver does not say). */
  rowCount: number | null;
}

/** A connection taken from the pool (a `pg.PoolClient`). */
export interface PostgresPoolClient {
  /** Runs one statement with `$1`-style parameters on this connection (for a transaction). */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** Returns the connection; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/** A connection pool: a `pg.Pool`, or anything with the same `query()` and `connect()`. */
export interface PostgresPool {
  /** Runs one statement with `$1`-style parameters on any connection. */
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** Takes a connection for a transaction; the store releases it. */
  connect(): Promise<PostgresPoolClient>;
}

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends PostgresTableOptions {
  /** Your `pg.Pool` (required). The store never ends it: close it yourself on shutdown. */
  pool: PostgresPool;
}

/** A {@link DeliveryStore} over PostgreSQL, with the migration that creates its tables. */
export interface PostgresStore extends DeliveryStore {
  /**
   * Creates the tables, or brings tables of an earlier release to this one's schema (the steps of
   * `postgresStoreMigration()`, in one transaction; deliveries pending in the old tables are kept
   * and sent). The version is recorded in `<table>_migrations`. Idempotent, and safe when every
   * server of a fleet runs it at start: an advisory lock makes them take turns. Rejects with a
   * StoreError when the database was migrated by a newer release.
   */
  migrate(): Promise<void>;
}

/**
 * A {@link DeliveryStore} shared by a fleet of servers through one PostgreSQL database: an order id
 * or click is recorded once across the fleet (the dedupe), and any server sends what another recorded.
 * Run `migrate()` at each start (or apply `postgresStoreMigration()`'s steps with your migration tool).
 *
 * @example
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = createPostgresStore({ pool });
 * await store.migrate();
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store });
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { pool } = options ?? ({} as PostgresStoreOptions);
  if (typeof pool?.query !== 'function' || typeof pool.connect !== 'function') {
    throw new ConfigError('pool must be a pg.Pool (or have its query() and connect())');
  }
  const names = postgresNames(options);
  const { deliveries, keys, handoffs } = names;
  const returned = 'seq, due_at, attempts, lock_until, lock_token, record::text AS record';
  const warnings = createStoreWarnings();
  const claimSql = `WITH picked AS (
  SELECT seq FROM ${deliveries}
  WHERE state = 'pending' AND due_at <= $3 AND (lock_until IS NULL OR lock_until <= $3)
    AND ($5::text IS NULL OR network = $5) AND ($6::text IS NULL OR owner = $6)
    AND ($7::text[] IS NULL OR kind = ANY($7::text[]))
  ORDER BY due_at, seq
  LIMIT $4
  FOR UPDATE SKIP LOCKED
)
UPDATE ${deliveries} AS d SET lock_until = $1, lock_token = $2, attempts = d.attempts + 1
FROM picked WHERE d.seq = picked.seq
RETURNING d.seq, d.kind, d.key, d.network, d.due_at, d.attempts, d.lock_until, d.lock_token, d.record::text AS record`;

  return {
    type: 'postgres',
    onWarning: warnings.listen,
    async create(records) {
      const first = records[0];
      if (!first) return true;
      return inTransaction(pool, 'create', async (client) => {
        const inserted = await client.query(
          `INSERT INTO ${keys} (kind, key, created_at) VALUES ($1, $2, $3) ON CONFLICT (kind, key) DO NOTHING`,
          [first.kind, first.key, Math.floor(first.createdAt)],
        );
        // Another server holds this key, or held it and committed: the relay's dedupe.
        if (inserted.rowCount === 0) return false;
        const values: unknown[] = [];
        const tuples = records.map((record) => {
          const row = toRow(record);
          const at = values.push(...row) - row.length;
          return `(${row.map((_, i) => `$${at + i + 1}${i === row.length - 1 ? '::jsonb' : ''}`).join(', ')})`;
        });
        await client.query(`INSERT INTO ${deliveries} (${ROW_COLUMNS}) VALUES ${tuples.join(', ')}`, values);
        return true;
      });
    },
    async update(record) {
      const { rowCount } = await run('update', () =>
        pool.query(
          `UPDATE ${deliveries} SET (state, attempts, due_at, lock_until, lock_token, updated_at, record) =
  ($1, $2, $3, $4, $5, $6, $7::jsonb)
WHERE kind = $8 AND key = $9 AND network = $10 AND lock_token IS NOT DISTINCT FROM $11`,
          updateParams(record),
        ),
      );
      return rowCount === 1;
    },
    async claim({ now, lockUntil, lockToken, limit, network, owner, kinds }) {
      const count = Math.max(0, Math.floor(limit));
      if (count === 0) return [];
      const { rows } = await run('claim', () =>
        pool.query(claimSql, [
          toMs(lockUntil),
          lockToken,
          Math.floor(now),
          count,
          network ?? null,
          owner ?? null,
          kinds ? [...kinds] : null,
        ]),
      );
      await loadSchemas();
      const unreadable: unknown[] = [];
      const found: StoreWarning[] = [];
      const records = readRows(byDue(rows), (row, error) => {
        unreadable.push(row.seq);
        found.push(unreadableWarning(row, error));
      });
      if (unreadable.length > 0) {
        await run('claim', () =>
          pool.query(
            `UPDATE ${deliveries} SET state = 'failed', lock_until = NULL, lock_token = NULL WHERE seq = ANY($1::bigint[])`,
            [unreadable],
          ),
        );
        for (const warning of found) warnings.emit(warning);
      }
      return records;
    },
    async list(kind, key) {
      const { rows } = await run('list', () =>
        pool.query(`SELECT ${returned} FROM ${deliveries} WHERE kind = $1 AND key = $2 ORDER BY seq`, [
          kind,
          key,
        ]),
      );
      await loadSchemas();
      return readRows(rows, () => undefined);
    },
    async listCreated(kind, from, to) {
      const { rows } = await run('listCreated', () =>
        pool.query(
          `SELECT ${returned} FROM ${deliveries} WHERE kind = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, seq`,
          [kind, Math.ceil(from), Math.ceil(to)],
        ),
      );
      await loadSchemas();
      return readRows(rows, () => undefined);
    },
    async dropPendingClicks(visitorId) {
      const prefix = visitorClickPrefix(visitorId);
      // left(), not LIKE: `_` is a wildcard there, and visitor ids hold it.
      await loadSchemas();
      const { rows } = await run('dropPendingClicks', () =>
        pool.query(
          `DELETE FROM ${deliveries} WHERE kind = 'click' AND state = 'pending' AND left(key, $1) = $2
RETURNING ${returned}`,
          [prefix.length, prefix],
        ),
      );
      return readRows(byDue(rows), () => undefined);
    },
    async listByStatus(status, limit) {
      await loadSchemas();
      const { rows } = await run('listByStatus', () =>
        pool.query(
          `SELECT ${returned} FROM ${deliveries} WHERE state = $1 AND kind <> 'decision' ORDER BY created_at, seq LIMIT $2`,
          [status, Math.max(0, Math.floor(limit))],
        ),
      );
      return readRows(rows, () => undefined);
    },
    async countByNetwork() {
      const { rows } = await run('countByNetwork', () =>
        pool.query(
          `SELECT network, state, count(*) AS count FROM ${deliveries} WHERE state IN ('pending', 'failed') GROUP BY network, state`,
        ),
      );
      return countsByNetwork(rows);
    },
    async countSent(kind, since) {
      const { rows } = await run('countSent', () =>
        pool.query(
          `SELECT count(*) AS sent FROM ${deliveries} WHERE kind = $1 AND state = 'sent' AND updated_at >= $2`,
          [kind, Math.floor(since)],
        ),
      );
      return Number(rows[0]?.sent ?? 0);
    },
    async stats() {
      const { rows } = await run('stats', () =>
        pool.query(
          `SELECT
  (SELECT count(*) FROM ${deliveries} WHERE state = 'pending') AS pending,
  (SELECT count(*) FROM ${deliveries} WHERE state = 'pending' AND kind = 'click') AS clicks,
  (SELECT min(created_at) FROM ${deliveries} WHERE state = 'pending') AS oldest,
  (SELECT count(*) FROM ${deliveries} WHERE state = 'failed') AS failed`,
        ),
      );
      const row = rows[0] ?? {};
      const stats: DeliveryStats = {
        pending: Number(row.pending ?? 0),
        pendingClicks: Number(row.clicks ?? 0),
        failed: Number(row.failed ?? 0),
      };
      if (row.oldest !== null && row.oldest !== undefined) stats.oldestPendingAt = Number(row.oldest);
      return stats;
    },
    async saveHandoff(record) {
      await run('saveHandoff', () =>
        pool.query(`INSERT INTO ${handoffs} (id, expires_at, record) VALUES ($1, $2, $3::jsonb)`, [
          record.id,
          toMs(record.expiresAt),
          JSON.stringify(record),
        ]),
      );
    },
    async readHandoff(id) {
      const { rows } = await run('readHandoff', () =>
        pool.query(`SELECT record::text AS record FROM ${handoffs} WHERE id = $1`, [id]),
      );
      return rows[0] ? readHandoffRow(rows[0].record) : undefined;
    },
    async purge(before) {
      return inTransaction(pool, 'purge', async (client) => {
        await client.query(`DELETE FROM ${handoffs} WHERE expires_at < $1`, [Math.floor(before)]);
        const deleted = await client.query(
          `DELETE FROM ${deliveries} WHERE state <> 'pending' AND updated_at < $1`,
          [Math.floor(before)],
        );
        await client.query(
          `DELETE FROM ${keys} k WHERE k.created_at < $1
  AND NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.kind = k.kind AND d.key = k.key)`,
          [Math.floor(before)],
        );
        return deleted.rowCount ?? 0;
      });
    },
    async migrate() {
      // READ COMMITTED whatever the pool's default: each statement after the lock sees what the
      // server that held it before committed.
      await inTransaction(pool, 'migrate', (client) => migratePostgres(client, names), READ_COMMITTED);
    },
  };
}

// `bigint` columns take whole numbers; rounding up never frees a lock or a due time early.
function toMs(value: number): number {
  return Math.ceil(value);
}

async function run<T>(operation: string, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw postgresStoreError(operation, error);
  }
}

const READ_COMMITTED = 'BEGIN ISOLATION LEVEL READ COMMITTED';

async function inTransaction<T>(
  pool: PostgresPool,
  operation: string,
  work: (client: PostgresPoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await run(operation, () => pool.connect());
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection whose ROLLBACK fails is broken: the pool must not hand it out again.
    const rolledBack = await client.query('ROLLBACK').then(
      () => true,
      () => false,
    );
    client.release(!rolledBack);
    throw postgresStoreError(operation, error);
  }
}
