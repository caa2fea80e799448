import { readFile } from 'node:fs/promises';
import { ConfigError, StoreError } from '@affiliate-relay/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migratedStore, postgresUrl, testPool, testSchema } from '../../../test/postgres';
import { runStoreContract } from '../../store';
import type { StoreWarning } from '../contract';
import { avantlinkRecord, record, reversalRecord } from '../store-records.contract';
import { DEFAULT_POSTGRES_TABLE } from './postgres-schema';
import { createPostgresStore, type PostgresPool } from './postgres-store';

runStoreContract(
  async () => (await migratedStore()).store,
  { describe, it, expect },
  { name: 'PostgreSQL store' },
);

describe('createPostgresStore', () => {
  it('keeps its records in the table named, and they survive a new store on a new pool (a restart)', async () => {
    const schema = testSchema();
    const first = testPool();
    const before = createPostgresStore({ pool: first, schema, table: 'deliveries' });
    await before.migrate();
    await before.create([avantlinkRecord('o-1', { lockedUntil: 5000, lockToken: 't' })]);
    await first.end();

    const second = testPool();
    const after = createPostgresStore({ pool: second, schema, table: 'deliveries' });
    await after.migrate();
    expect(await after.list('order', 'o-1')).toEqual([
      avantlinkRecord('o-1', { lockedUntil: 5000, lockToken: 't' }),
    ]);
    expect(await after.create([record('o-1')])).toBe(false);
    const { rows } = await second.query(
      `SELECT kind, key, network, state, due_at, lock_until, lock_token FROM "${schema}".deliveries`,
    );
    expect(rows).toEqual([
      {
        kind: 'order',
        key: 'o-1',
        network: 'avantlink',
        state: 'pending',
        due_at: '1000',
        lock_until: '5000',
        lock_token: 't',
      },
    ]);
  });

  it('names the field of a hand-corrupted record in a warning, marks only that row failed, and loses nothing', async () => {
    const { store, pool, schema } = await migratedStore();
    const warnings: StoreWarning[] = [];
    store.onWarning?.((warning) => warnings.push(warning));
    await store.create([record('o-1')]);
    await store.create([reversalRecord('o-2#1')]);
    await store.create([record('o-3')]);
    const table = `"${schema}".${DEFAULT_POSTGRES_TABLE}`;
    // An operator's hand edit makes the attempts a string.
    await pool.query(
      `UPDATE ${table} SET record = jsonb_set(record, '{attempts}', '"two"') WHERE key = 'o-2#1'`,
    );
    const before = await pool.query(`SELECT record::text AS record FROM ${table} WHERE key = 'o-2#1'`);
    const claimed = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't', limit: 10 });
    expect(claimed.map((r) => r.key)).toEqual(['o-1', 'o-3']);
    expect(warnings).toEqual([
      {
        code: 'unreadable-record',
        message: expect.stringMatching(
          /^A stored delivery cannot be read: attempts must be a number \(the reversal o-2#1 to avantlink, row \d+\): it is marked failed/,
        ),
      },
    ]);
    const after = await pool.query(`SELECT state, record::text AS record FROM ${table} WHERE key = 'o-2#1'`);
    expect(after.rows).toEqual([{ state: 'failed', record: before.rows[0].record }]);
    expect(await store.list('reversal', 'o-2#1')).toEqual([]);
    expect(await store.list('order', 'o-3')).toHaveLength(1);
    expect(await store.stats()).toMatchObject({ pending: 2, failed: 1 });
  });

  it('records nothing of an order whose create fails halfway (one transaction)', async () => {
    const { store } = await migratedStore();
    // Two records of one network break the (kind, key, network) key on the second row.
    const failed = store.create([record('o-1'), record('o-1')]);
    await expect(failed).rejects.toMatchObject({ name: 'StoreError', code: 'store_error' });
    expect(await store.list('order', 'o-1')).toEqual([]);
    expect(await store.create([record('o-1')])).toBe(true);
  });

  it('migrate() is idempotent, also when servers run it at the same time', async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    const stores = [pool, testPool(), testPool()].map((each) => createPostgresStore({ pool: each, schema }));
    await Promise.all(stores.map((store) => store.migrate()));
    await stores[0]!.migrate();
    const { rows } = await pool.query(
      'SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename',
      [schema],
    );
    expect(rows.map((row) => row.tablename)).toEqual([
      DEFAULT_POSTGRES_TABLE,
      `${DEFAULT_POSTGRES_TABLE}_handoffs`,
      `${DEFAULT_POSTGRES_TABLE}_keys`,
      `${DEFAULT_POSTGRES_TABLE}_migrations`,
    ]);
  });

  it('rounds fractional times up for its bigint columns, never freeing a lock early', async () => {
    const { store } = await migratedStore();
    await store.create([record('o-1', { nextAttemptAt: 1000.2, lockedUntil: 1999.5 })]);
    expect(await store.claim({ now: 1999.9, lockUntil: 3000.5, limit: 1.5, lockToken: 't' })).toEqual([]);
    const [claimed] = await store.claim({ now: 2000, lockUntil: 3000.5, limit: 1.5, lockToken: 't' });
    expect(claimed).toMatchObject({ nextAttemptAt: 1000.2, lockedUntil: 3001 });
  });

  it('rejects a pool without query() and connect(), and table or schema names that are not identifiers', () => {
    expect(() => createPostgresStore({ pool: {} as PostgresPool })).toThrow(ConfigError);
    const pool = testPool();
    for (const table of ['', 'Deliveries', 'x; DROP TABLE users', 'a'.repeat(49), '1st']) {
      expect(() => createPostgresStore({ pool, table }), table).toThrow(ConfigError);
    }
    expect(() => createPostgresStore({ pool, schema: 'shop"; --' })).toThrow(/schema must be/);
    expect(() => createPostgresStore({ pool, table: 'a'.repeat(48), schema: 'relay_1' })).not.toThrow();
  });
});

describe('PostgreSQL store errors', () => {
  it('are store_error, and name neither the connection string nor its password', async () => {
    const url = new URL(postgresUrl());
    url.username = 'shop';
    url.password = 'pg-pass-s3cret';
    url.port = '1'; // nothing listens there: the connection is refused
    const pool = new pg.Pool({ connectionString: url.href, connectionTimeoutMillis: 2_000 });
    const store = createPostgresStore({ pool });
    try {
      const error = await store
        .claim({ now: 0, lockUntil: 1, limit: 1, lockToken: 't' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({
        code: 'store_error',
        message: expect.stringMatching(/^PostgreSQL delivery store: claim failed: .*ECONNREFUSED/),
      });
      const seen = JSON.stringify(error, Object.getOwnPropertyNames(error)) + String((error as Error).cause);
      expect(seen).not.toContain('s3cret');
      expect(seen).not.toContain('postgresql://');
      await expect(store.create([record('o-1')])).rejects.toMatchObject({ code: 'store_error' });
    } finally {
      await pool.end();
    }
  });

  it('say when the tables are missing (the migration has not run)', async () => {
    const pool = testPool();
    const store = createPostgresStore({ pool, schema: testSchema(pool) });
    await expect(store.list('order', 'o-1')).rejects.toThrow(
      /list failed: .* \(SQLSTATE 42P01\); has store\.migrate\(\) run\?/,
    );
    await expect(store.create([record('o-1')])).rejects.toMatchObject({ code: 'store_error' });
  });

  it('redact a URL or password that a driver message would carry', async () => {
    const pool: PostgresPool = {
      query: async () => {
        throw new TypeError('Invalid URL postgresql://shop:pg-pass-s3cret@db.internal/shop password=hunter2');
      },
      connect: async () => {
        throw new Error('unused');
      },
    };
    const error = (await createPostgresStore({ pool })
      .list('order', 'o-1')
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'PostgreSQL delivery store: list failed: Invalid URL [url] password=[redacted]',
    );
    expect(error.cause).toBeUndefined();
  });
});

describe("the README's SQL", () => {
  const readme = () => readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const columns = async (pool: pg.Pool, schema: string) =>
    (
      await pool.query(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
WHERE table_schema = $1 ORDER BY table_name, column_name`,
        [schema],
      )
    ).rows;

  it('shows the tables that migrate() leaves', async () => {
    const block = /<!-- postgres-tables -->\s*```sql\n([\s\S]*?)```/.exec(await readme())?.[1];
    expect(block).toContain('CREATE TABLE');
    const pool = testPool();
    const shown = testSchema(pool);
    const migrated = testSchema(pool);
    await pool.query(`CREATE SCHEMA "${shown}"; SET search_path TO "${shown}"; ${block}; RESET search_path`);
    await createPostgresStore({ pool, schema: migrated }).migrate();
    const made = (await columns(pool, migrated)).filter((row) => !row.table_name.endsWith('_migrations'));
    expect(await columns(pool, shown)).toEqual(made);
  });
});
