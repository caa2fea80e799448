import { ConfigError } from '@affiliate-relay/core';

/** Default name of the deliveries table of {@link createPostgresStore}. */
export const DEFAULT_POSTGRES_TABLE = 'affiliate_relay_deliveries';

/** Where the PostgreSQL store keeps its rows. */
export interface PostgresTableOptions {
  /**
   * The deliveries table. A second table, `<table>_keys`, holds one row per order id or click (the
   * dedupe key). Lower-case letters, digits and `_`, at most 48 characters.
   * Default: `'affiliate_relay_deliveries'`.
   */
  table?: string;
  /** The schema of both tables. Default: none (the connection's `search_path`, normally `public`). */
  schema?: string;
}

/** Quoted, qualified names of the store's tables and index. */
export interface PostgresNames {
  deliveries: string;
  keys: string;
  pendingIndex: string;
  finishedIndex: string;
  schema: string | undefined;
  /** Names the advisory lock that serializes migrations of these tables. */
  lockKey: string;
}

// Lower case only: an unquoted `MyTable` in a shop's own SQL would name `mytable`.
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Checks `table` and `schema` and quotes them. Throws a ConfigError on a name that is not a plain
 * identifier, since names cannot be bound as query parameters.
 */
export function postgresNames(options: PostgresTableOptions = {}): PostgresNames {
  const table = options.table ?? DEFAULT_POSTGRES_TABLE;
  // 48 leaves room for the `_keys`, `_pending_idx` and `_finished_idx` suffixes within PostgreSQL's 63 bytes.
  if (typeof table !== 'string' || !IDENTIFIER.test(table) || table.length > 48) {
    throw new ConfigError(
      'table must be a lower-case identifier (letters, digits, _) of at most 48 characters',
    );
  }
  const { schema } = options;
  if (
    schema !== undefined &&
    (typeof schema !== 'string' || !IDENTIFIER.test(schema) || schema.length > 63)
  ) {
    throw new ConfigError(
      'schema must be a lower-case identifier (letters, digits, _) of at most 63 characters',
    );
  }
  const qualify = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
  return {
    deliveries: qualify(table),
    keys: qualify(`${table}_keys`),
    pendingIndex: `"${table}_pending_idx"`,
    finishedIndex: `"${table}_finished_idx"`,
    schema: schema ? `"${schema}"` : undefined,
    lockKey: `affiliate-relay:${schema ?? ''}.${table}`,
  };
}

/**
 * The SQL that creates the PostgreSQL store's tables, for migration tools (it is what
 * `store.migrate()` runs). Idempotent: every statement is `IF NOT EXISTS`.
 *
 * Times are milliseconds since the epoch, from the relay's clock, as `bigint`. `record` is the
 * whole delivery as versioned JSON; the lock (`lock_until`, `lock_token`) and `attempts` are columns.
 *
 * @example
 * fs.writeFileSync('migrations/001_affiliate_relay.sql', postgresStoreMigration());
 */
export function postgresStoreMigration(options: PostgresTableOptions = {}): string {
  const names = postgresNames(options);
  return [
    ...(names.schema ? [`CREATE SCHEMA IF NOT EXISTS ${names.schema};`] : []),
    `CREATE TABLE IF NOT EXISTS ${names.keys} (
  kind text NOT NULL,
  key text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (kind, key)
);`,
    `CREATE TABLE IF NOT EXISTS ${names.deliveries} (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  key text NOT NULL,
  network text NOT NULL,
  state text NOT NULL,
  attempts integer NOT NULL,
  due_at bigint NOT NULL,
  lock_until bigint,
  lock_token text,
  owner text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  record jsonb NOT NULL,
  UNIQUE (kind, key, network),
  FOREIGN KEY (kind, key) REFERENCES ${names.keys} (kind, key) ON DELETE CASCADE
);`,
    `CREATE INDEX IF NOT EXISTS ${names.pendingIndex}
  ON ${names.deliveries} (due_at, seq) WHERE state = 'pending';`,
    `CREATE INDEX IF NOT EXISTS ${names.finishedIndex}
  ON ${names.deliveries} (updated_at) WHERE state <> 'pending';`,
  ].join('\n');
}
