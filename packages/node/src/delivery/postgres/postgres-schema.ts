import { ConfigError } from '@affiliate-relay/core';

/** Default name of the deliveries table of {@link createPostgresStore}. */
export const DEFAULT_POSTGRES_TABLE = 'affiliate_relay_deliveries';

/** Where the PostgreSQL store keeps its rows. */
export interface PostgresTableOptions {
  /**
   * The deliveries table. A second table, `<table>_keys`, holds one row per order id or click (the
   * dedupe key), `<table>_handoffs` the checkout hand-offs, and `<table>_migrations` the schema version. Lower-case letters, digits and `_`, at
   * most 48 characters.
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
  /** The checkout hand-offs (`relay.createHandoff`), by random id: `<table>_handoffs`. */
  handoffs: string;
  /** The schema version: one row per migration step applied. */
  migrations: string;
  /** Version 1's key table (0.0.x), converted and dropped by step 2. */
  orders: string;
  pendingIndex: string;
  finishedIndex: string;
  handoffsExpiryIndex: string;
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
  // 48 leaves room for the `_migrations`, `_pending_idx` and `_finished_idx` suffixes within PostgreSQL's 63 bytes.
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
    handoffs: qualify(`${table}_handoffs`),
    migrations: qualify(`${table}_migrations`),
    orders: qualify(`${table}_orders`),
    pendingIndex: `"${table}_pending_idx"`,
    finishedIndex: `"${table}_finished_idx"`,
    handoffsExpiryIndex: `"${table}_handoffs_idx"`,
    schema: schema ? `"${schema}"` : undefined,
    lockKey: `affiliate-relay:${schema ?? ''}.${table}`,
  };
}
