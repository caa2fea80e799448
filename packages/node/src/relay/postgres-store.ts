import { ConfigError } from '@affiliate-relay/core';
import type { DeliveryRecord, DeliveryStore } from './delivery-store';
import { type PostgresTableOptions, postgresNames, postgresStoreMigration } from './postgres-schema';
import { toStoreError } from './postgres-store-error';

/*
 * NOTE: this module never imports `pg`. The shop passes its own pool, so `pg` stays an optional
 * peer dependency and shops on the memory store load nothing of it. The types below are the part
 * of node-postgres that the store uses; a `pg.Pool` fits them.
 */

/** What the store needs of a query result. */
export interface PostgresQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** A connection taken from the pool (a `pg.PoolClient`). */
export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  /** Returns the connection; with an error, the pool discards it. */
  release(error?: Error | boolean): void;
}

/** A connection pool: a `pg.Pool`, or anything with the same `query()` and `connect()`. */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
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
   * Creates the tables and index if they are missing (see `postgresStoreMigration()`). Idempotent,
   * and safe when every server of a fleet runs it at start: an advisory lock makes them take turns.
   */
  migrate(): Promise<void>;
}

/**
 * A {@link DeliveryStore} shared by a fleet of servers through one PostgreSQL database: an order id
 * is recorded once across the fleet (the dedupe), and any server redelivers what another queued.
 * Run `migrate()` once before use (or apply `postgresStoreMigration()` with your migration tool).
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
  const { deliveries, orders } = names;
  const columns = 'order_id, network, state, due_at, lock_until, created_at, updated_at, record';
  const claimSql = (dueOnly: boolean) => `WITH picked AS (
  SELECT seq FROM ${deliveries}
  WHERE state = 'pending' AND (lock_until IS NULL OR lock_until <= $1)${dueOnly ? ' AND due_at <= $1' : ''}
  ORDER BY due_at, seq
  LIMIT $3
  FOR UPDATE SKIP LOCKED
)
UPDATE ${deliveries} AS d SET lock_until = $2 FROM picked WHERE d.seq = picked.seq
RETURNING d.seq, d.due_at, d.lock_until, d.record::text AS record`;

  return {
    async create(orderId, records) {
      return inTransaction(pool, 'create', async (client) => {
        const inserted = await client.query(
          `INSERT INTO ${orders} (order_id) VALUES ($1) ON CONFLICT (order_id) DO NOTHING`,
          [orderId],
        );
        // Another server holds this order id, or held it and committed: the relay's dedupe.
        if (inserted.rowCount === 0) return false;
        if (records.length === 0) return true;
        const values: unknown[] = [];
        const tuples = records.map((record) => {
          const row = toRow({ ...record, orderId });
          const at = values.push(...row) - row.length;
          return `(${row.map((_, i) => `$${at + i + 1}${i === row.length - 1 ? '::jsonb' : ''}`).join(', ')})`;
        });
        await client.query(`INSERT INTO ${deliveries} (${columns}) VALUES ${tuples.join(', ')}`, values);
        return true;
      });
    },
    async update(record) {
      const [orderId, network, ...rest] = toRow(record);
      await run('update', () =>
        pool.query(
          `UPDATE ${deliveries} SET (state, due_at, lock_until, created_at, updated_at, record) =
  ($3, $4, $5, $6, $7, $8::jsonb) WHERE order_id = $1 AND network = $2`,
          [orderId, network, ...rest],
        ),
      );
    },
    async claim({ now, lockUntil, limit, dueOnly }) {
      const count = Math.max(0, Math.floor(limit));
      if (count === 0) return [];
      const { rows } = await run('claim', () =>
        pool.query(claimSql(dueOnly), [Math.floor(now), toMs(lockUntil), count]),
      );
      // RETURNING keeps no order: back to the order the rows were picked in.
      return rows
        .sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq))
        .map(fromRow);
    },
    async list(orderId) {
      const { rows } = await run('list', () =>
        pool.query(
          `SELECT lock_until, record::text AS record FROM ${deliveries} WHERE order_id = $1 ORDER BY seq`,
          [orderId],
        ),
      );
      return rows.map(fromRow);
    },
    async migrate() {
      await inTransaction(pool, 'migrate', async (client) => {
        // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: take turns.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [names.lockKey]);
        await client.query(postgresStoreMigration(options));
      });
    },
  };
}

/** The columns of a record, in the order of `columns`. */
function toRow(record: DeliveryRecord): unknown[] {
  const { lockedUntil, ...stored } = record;
  return [
    record.orderId,
    record.network,
    record.status,
    toMs(record.nextAttemptAt),
    lockedUntil === undefined ? null : toMs(lockedUntil),
    toMs(record.createdAt),
    toMs(record.updatedAt),
    JSON.stringify(stored),
  ];
}

function fromRow(row: Record<string, unknown>): DeliveryRecord {
  // Parsed here rather than by the driver: a shop's pool may have its own type parsers.
  const record = JSON.parse(String(row.record)) as DeliveryRecord;
  if (row.lock_until !== null && row.lock_until !== undefined) record.lockedUntil = Number(row.lock_until);
  return record;
}

// `bigint` columns take whole numbers; rounding up never frees a lock or a due time early.
function toMs(value: number): number {
  return Math.ceil(value);
}

async function run<T>(operation: string, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw toStoreError(operation, error);
  }
}

async function inTransaction<T>(
  pool: PostgresPool,
  operation: string,
  work: (client: PostgresPoolClient) => Promise<T>,
): Promise<T> {
  const client = await run(operation, () => pool.connect());
  try {
    await client.query('BEGIN');
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
    throw toStoreError(operation, error);
  }
}
