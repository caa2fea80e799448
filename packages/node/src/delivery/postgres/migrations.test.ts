import { ConfigError, StoreError } from '@affiliate-relay/core';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createAs2f74085,
  goalOf2f74085,
  schemaOf2f74085,
} from '../../../test/fixtures/postgres/schema-2f74085';
import { schemaOfFc82631 } from '../../../test/fixtures/postgres/schema-fc82631';
import { testPool, testSchema } from '../../../test/postgres';
import { runStoreContract } from '../../store';
import { avantlinkRecord, record } from '../store-records.contract';
import { POSTGRES_SCHEMA_VERSION, postgresStoreMigration } from './migrations';
import { createPostgresStore } from './postgres-store';

const versions = async (pool: pg.Pool, schema: string) =>
  (
    await pool.query(`SELECT version FROM "${schema}".affiliate_relay_deliveries_migrations ORDER BY version`)
  ).rows.map((row) => row.version);
const tables = async (pool: pg.Pool, schema: string) =>
  (
    await pool.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema])
  ).rows.map((row) => row.tablename);
const columns = async (pool: pg.Pool, schema: string, table: string) =>
  (
    await pool.query(
      'SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY column_name',
      [schema, table],
    )
  ).rows;
const every = Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1);

/** A store on tables that 0.0.x created and wrote, then migrated by this release. */
async function migratedFrom2f74085(pool: pg.Pool = testPool(), schema: string = testSchema(pool)) {
  await pool.query(schemaOf2f74085(schema));
  const store = createPostgresStore({ pool, schema });
  await store.migrate();
  return store;
}

// The whole store contract, on tables converted from 0.0.x's rather than created fresh.
runStoreContract(
  () => migratedFrom2f74085(),
  { describe, it, expect },
  { name: 'PostgreSQL store migrated from 0.0.x' },
);

describe('PostgreSQL store migrations', () => {
  it('record every step in <table>_migrations; a fresh database gets the same columns as one created by fc82631', async () => {
    const pool = testPool();
    const fresh = testSchema(pool);
    await createPostgresStore({ pool, schema: fresh }).migrate();
    expect(await versions(pool, fresh)).toEqual(every);
    expect(await tables(pool, fresh)).toEqual([
      'affiliate_relay_deliveries',
      'affiliate_relay_deliveries_handoffs',
      'affiliate_relay_deliveries_keys',
      'affiliate_relay_deliveries_migrations',
    ]);
    const old = testSchema(pool);
    await pool.query(schemaOfFc82631(old));
    for (const table of ['affiliate_relay_deliveries', 'affiliate_relay_deliveries_keys']) {
      expect(await columns(pool, fresh, table)).toEqual(await columns(pool, old, table));
    }
  });

  it('brings 0.0.x tables to the current schema: every order id kept as a key, attempts as the record reader counts them', async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    await pool.query(schemaOf2f74085(schema));
    await createAs2f74085(pool, schema, 'o-1', [goalOf2f74085('o-1', { attempts: 2, lockedUntil: 1500 })]);
    await createAs2f74085(pool, schema, 'o-2', [goalOf2f74085('o-2', { status: 'sent', attempts: 1 })]);
    await createAs2f74085(pool, schema, 'o-3', []); // 0.0.x recorded an order with no delivery
    const store = createPostgresStore({ pool, schema });
    await store.migrate();

    expect(await versions(pool, schema)).toEqual(every);
    expect(await tables(pool, schema)).not.toContain('affiliate_relay_deliveries_orders');
    expect(await store.list('order', 'o-1')).toMatchObject([
      { kind: 'order', key: 'o-1', status: 'pending', attempts: 3, lockedUntil: 1500 },
    ]);
    expect(await store.list('order', 'o-2')).toMatchObject([{ status: 'sent', attempts: 1 }]);
    for (const orderId of ['o-1', 'o-2', 'o-3']) expect(await store.create([record(orderId)])).toBe(false);
    expect(await store.stats()).toEqual({ pending: 1, pendingClicks: 0, failed: 0, oldestPendingAt: 1000 });
  });

  it("mends the broken upgrade: fc82631's migrate() run over 0.0.x tables (CREATE IF NOT EXISTS kept the old ones)", async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    await pool.query(schemaOf2f74085(schema));
    await createAs2f74085(pool, schema, 'o-1', [goalOf2f74085('o-1')]);
    await pool.query(schemaOfFc82631(schema));
    const store = createPostgresStore({ pool, schema });
    // What issue 20 found: the tables look migrated, and every call fails.
    await expect(store.stats()).rejects.toThrow(/column "kind" does not exist/);
    await store.migrate();
    expect(await store.stats()).toMatchObject({ pending: 1 });
    expect(await store.create([record('o-1')])).toBe(false);
    const [claimed] = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't', limit: 10 });
    expect(claimed).toMatchObject({ key: 'o-1', attempts: 2, lockToken: 't' });
  });

  it('records the versions of tables created by fc82631, and keeps their rows as they are', async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    await pool.query(schemaOfFc82631(schema));
    const store = createPostgresStore({ pool, schema });
    await store.create([avantlinkRecord('o-1')]);
    await store.migrate();
    expect(await versions(pool, schema)).toEqual(every);
    expect(await store.list('order', 'o-1')).toEqual([avantlinkRecord('o-1')]);
  });

  it('two servers migrating 0.0.x tables at once both succeed, and the work is done once', async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    await pool.query(schemaOf2f74085(schema));
    await createAs2f74085(pool, schema, 'o-1', [goalOf2f74085('o-1')]);
    const servers = [testPool(), testPool()].map((each) => createPostgresStore({ pool: each, schema }));
    const outcomes = await Promise.allSettled(servers.map((store) => store.migrate()));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await versions(pool, schema)).toEqual(every);
    expect(await servers[1]!.list('order', 'o-1')).toMatchObject([{ status: 'pending', attempts: 1 }]);
  });

  it('refuses a database migrated by a newer release, naming both versions, and changes nothing', async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    const store = createPostgresStore({ pool, schema });
    await store.migrate();
    const newer = POSTGRES_SCHEMA_VERSION + 1;
    await pool.query(
      `INSERT INTO "${schema}".affiliate_relay_deliveries_migrations (version, name) VALUES ($1, 'from the future')`,
      [newer],
    );
    const error = await store.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: 'store_error',
      message: expect.stringContaining(
        `schema is version ${newer}, newer than this release's ${POSTGRES_SCHEMA_VERSION}`,
      ),
    });
    expect(await versions(pool, schema)).toEqual([...every, newer]);
  });

  it("gives each step's SQL: applied one by one, as a shop's migration tool does, then migrate() has nothing left to do", async () => {
    const pool = testPool();
    const schema = testSchema(pool);
    for (const step of every) await pool.query(postgresStoreMigration({ schema, step }));
    expect(await versions(pool, schema)).toEqual(every);
    // A step applied again, or the whole script over a current database, changes nothing.
    await pool.query(postgresStoreMigration({ schema, step: 1 }));
    await pool.query(postgresStoreMigration({ schema }));
    const store = createPostgresStore({ pool, schema });
    await store.migrate();
    expect(await versions(pool, schema)).toEqual(every);
    expect(await store.create([record('o-1')])).toBe(true);
    expect(postgresStoreMigration({ schema })).toBe(
      every.map((step) => postgresStoreMigration({ schema, step })).join('\n'),
    );
    for (const step of [0, POSTGRES_SCHEMA_VERSION + 1, 1.5]) {
      expect(() => postgresStoreMigration({ step })).toThrow(ConfigError);
    }
  });
});
