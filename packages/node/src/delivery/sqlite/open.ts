import { ConfigError } from '@affiliate-relay/core';
import { loadBuiltin } from '../../runtime';
import { sqliteOpenError, sqliteStoreError } from './error';
import { migrateSqlite } from './migrations';

/** The part of `node:sqlite` the store uses. */
export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): {
    run(...params: unknown[]): { changes: number | bigint };
    all(...params: unknown[]): Record<string, unknown>[];
    get(...params: unknown[]): Record<string, unknown> | undefined;
  };
  close(): void;
}

/** How the store opens its file. */
export interface SqliteOpenOptions {
  synchronous: 'NORMAL' | 'FULL';
  busyTimeoutMs: number;
}

/**
 * The folder of a store path (`''` for a bare file name).
 *
 * @example
 * folderOf('/var/lib/shop/deliveries.db'); // '/var/lib/shop'
 */
export function folderOf(path: string): string {
  const dir = path.replace(/[\\/][^\\/]*$/, '');
  return dir === path ? '' : dir;
}

/**
 * Opens (creating it and its folder when missing) a store file in WAL mode and migrates it to this
 * release's schema. Throws a ConfigError without `node:sqlite`, and a StoreError that says why
 * the file cannot be used: a folder that cannot be written (named, with `AFFILIATE_RELAY_DB`), a
 * file that is no database, a schema newer than this release.
 *
 * @example
 * const db = openSqlite(path, { synchronous: 'NORMAL', busyTimeoutMs: 5_000 });
 */
export function openSqlite(path: string, options: SqliteOpenOptions): SqliteDatabase {
  const sqlite = loadBuiltin<{ DatabaseSync: new (path: string) => SqliteDatabase }>('node:sqlite');
  if (!sqlite) {
    throw new ConfigError(
      'createSqliteStore needs node:sqlite (Node 22.13 or later): use createMemoryStore or createPostgresStore here',
    );
  }
  const folder = path === ':memory:' ? '' : folderOf(path);
  let db: SqliteDatabase;
  try {
    const fs = loadBuiltin<{ mkdirSync(path: string, options: { recursive: true }): void }>('node:fs');
    if (fs && folder) fs.mkdirSync(folder, { recursive: true });
    db = new sqlite.DatabaseSync(path);
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs}`);
  } catch (error) {
    throw sqliteOpenError(folder || '.', error);
  }
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous}`);
    migrateSqlite(db);
    return db;
  } catch (error) {
    try {
      db.close();
    } catch {
      // Nothing more to release.
    }
    throw path === ':memory:' ? sqliteStoreError('open', error) : sqliteOpenError(folder || '.', error);
  }
}
