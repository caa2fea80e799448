import { StoreError } from '@affiliate-relay/core';
import { immediateTransaction } from './transaction';

/** The part of a `node:sqlite` database the migrations use. */
export interface SqliteExec {
  exec(sql: string): void;
  prepare(sql: string): { get(...params: unknown[]): Record<string, unknown> | undefined };
}

/*
 * Every schema the SQLite store has written, in order. The version is kept in the file's header
 * (`PRAGMA user_version`); a step brings a file from the version before it to its own.
 *
 * - version 1: the first SQLite store (the outbox, fc82631). Files written before versions were
 *   recorded hold exactly these tables with `user_version` 0: the step's `IF NOT EXISTS` keeps them
 *   and records the version.
 * - version 2: `affiliate_relay_handoffs`, the checkout hand-offs (`relay.createHandoff`), one row per
 *   random id with its expiry; nothing else changes.
 */
const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
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
`,
  },
  {
    version: 2,
    sql: `
CREATE TABLE IF NOT EXISTS affiliate_relay_handoffs (
  id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  record TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS affiliate_relay_handoffs_expiry ON affiliate_relay_handoffs (expires_at);
`,
  },
];

/** The schema version this release writes. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings an open store file to {@link SQLITE_SCHEMA_VERSION}, each pending step in order, in one
 * `BEGIN IMMEDIATE` transaction: processes opening one file at once take turns (the busy timeout),
 * and the second finds the work done. Throws a StoreError for a file written by a newer release.
 *
 * @example
 * migrateSqlite(db);
 */
export function migrateSqlite(db: SqliteExec): void {
  if (readVersion(db) === SQLITE_SCHEMA_VERSION) return;
  immediateTransaction(db, () => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const from = readVersion(db);
    for (const step of MIGRATIONS) if (step.version > from) db.exec(step.sql);
    if (from < SQLITE_SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION}`);
  });
}

function readVersion(db: SqliteExec): number {
  const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
  if (version > SQLITE_SCHEMA_VERSION) {
    throw new StoreError(
      `SQLite delivery store: the file's schema is version ${version}, newer than this release's ${SQLITE_SCHEMA_VERSION}: it was written by a later @affiliate-relay/node. Upgrade the package, or point AFFILIATE_RELAY_DB (or path) at another file`,
    );
  }
  return version;
}
