import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject, onTestFinished } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/delivery/postgres/postgres-store';

/*
 * The PostgreSQL store's tests share the database that `postgres-global-setup.ts` started. Each
 * test works in a schema of its own, dropped when it ends, so no test sees another's rows.
 */

/** The test database's URL. Throws (the test FAILS, never skips) when no database could start. */
export function postgresUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error(inject('postgresError') || 'no test database was provided');
  return url;
}

const pools: pg.Pool[] = [];
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => (pool.ended ? undefined : pool.end())));
});

/** A pool on the test database, ended after the file's tests: one per simulated server. */
export function testPool(): pg.Pool {
  // Idle connections close at once: many pools across parallel test files stay under max_connections.
  const pool = new pg.Pool({ connectionString: postgresUrl(), max: 5, idleTimeoutMillis: 50 });
  pools.push(pool);
  return pool;
}

/** A new schema name for the current test; the schema is dropped when the test ends. */
export function testSchema(pool: pg.Pool = testPool()): string {
  const schema = `ar_test_${randomBytes(6).toString('hex')}`;
  onTestFinished(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  return schema;
}

/**
 * A migrated PostgreSQL store in a schema of the current test's own, and the pool under it.
 *
 * @example
 * const { store, pool, schema } = await migratedStore();
 */
export async function migratedStore(
  pool: pg.Pool = testPool(),
  schema: string = testSchema(pool),
): Promise<{ store: PostgresStore; pool: pg.Pool; schema: string }> {
  const store = createPostgresStore({ pool, schema });
  await store.migrate();
  return { store, pool, schema };
}
