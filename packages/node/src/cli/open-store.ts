import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DeliveryStore } from '../delivery/contract';
import { createPostgresStore, type PostgresPool } from '../delivery/postgres/postgres-store';
import { createSqliteStore } from '../delivery/sqlite/store';
import { DEFAULT_DB_PATH } from '../relay/default-store';

/*
 * Which store the command line reads, as the shop's relay would find it: `--db <file>` (SQLite), else
 * `DATABASE_URL` (PostgreSQL, with `--schema` / `--table` as given to createPostgresStore), else
 * `AFFILIATE_RELAY_DB`, else the default file under the working directory. A SQLite file that does not
 * exist is an error, never created: `status` in the wrong folder must not make an empty store.
 */

/** A store opened for the command line, and how to let go of it. */
export interface OpenedStore {
  store: DeliveryStore;
  /** What it is, for the output: a file path or `PostgreSQL (DATABASE_URL)`. */
  label: string;
  close(): Promise<void>;
}

/** What the store can be opened from. */
export interface StoreSource {
  options: Record<string, string>;
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * @example
 * const { store, close } = await openStore({ options: { db: 'deliveries.db' }, env: process.env, cwd: process.cwd() });
 */
export async function openStore(source: StoreSource): Promise<OpenedStore> {
  const { options, env } = source;
  if (!options.db && env.DATABASE_URL) return openPostgres(env.DATABASE_URL, options);
  const path = resolve(source.cwd, options.db ?? (env.AFFILIATE_RELAY_DB || DEFAULT_DB_PATH));
  if (!existsSync(path)) {
    throw new Error(
      `no delivery store at ${path}: pass --db <file> (the relay's AFFILIATE_RELAY_DB), or set DATABASE_URL for PostgreSQL`,
    );
  }
  const store = createSqliteStore({ path });
  return { store, label: path, close: async () => store.close?.() };
}

async function openPostgres(url: string, options: Record<string, string>): Promise<OpenedStore> {
  let pg: { Pool: new (config: object) => PostgresPool & { end(): Promise<void> } };
  try {
    pg = ((await import('pg')) as { default: typeof pg }).default;
  } catch {
    throw new Error('DATABASE_URL is set but the pg package is not installed: npm install pg');
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const store = createPostgresStore({
    pool,
    ...(options.schema ? { schema: options.schema } : {}),
    ...(options.table ? { table: options.table } : {}),
  });
  return { store, label: 'PostgreSQL (DATABASE_URL)', close: () => pool.end() };
}
