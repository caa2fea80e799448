import { ConfigError, StoreError } from '@affiliate-relay/core';
import { type PostgresNames, type PostgresTableOptions, postgresNames } from './postgres-schema';

/*
 * Every schema the PostgreSQL store has written, as numbered steps; a step brings the tables from
 * the version before it to its own. The version is kept in `<table>_migrations`, one row per step
 * applied. Released steps are never edited: a change of schema is a new step at the end.
 *
 * Each step is guarded, so it is safe on a database at any earlier version, also one from before
 * versions were recorded (no `_migrations` table): its body runs only when no step of its number
 * or later is recorded, and looks at the tables before changing them.
 *
 * - 1 (2f74085, 0.0.x): `<table>_orders` keyed by `order_id`; a delivery row per order and network,
 *   the lock in `lock_until`, `attempts` only inside `record`. A database that has the deliveries
 *   table already (from 0.0.x, or from step 2's tables created by a release before versions were
 *   recorded) is left as it is.
 * - 2 (fc82631, the outbox): `<table>_keys` keyed by (kind, key), for clicks and reversals too; the
 *   deliveries get `kind`, `key`, `attempts`, `lock_token` and `owner` columns. Converts a version 1
 *   table in place: every order id becomes a key (its orders answer `duplicate` as before), and a
 *   pending delivery counts one attempt more, as the record reader does (one may have been under way).
 * - 3 (hand-offs): `<table>_handoffs`, the checkout hand-offs of `relay.createHandoff`, one row per
 *   random id with its expiry (indexed, for `purge`). Nothing else changes.
 */

interface Step {
  version: number;
  name: string;
  body: (names: PostgresNames) => string;
}

const STEPS: readonly Step[] = [
  {
    version: 1,
    name: 'orders (0.0.x)',
    body: (n) => `IF to_regclass('${n.deliveries}') IS NULL THEN
  CREATE TABLE IF NOT EXISTS ${n.orders} (
    order_id text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE ${n.deliveries} (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id text NOT NULL REFERENCES ${n.orders} (order_id) ON DELETE CASCADE,
    network text NOT NULL,
    state text NOT NULL,
    due_at bigint NOT NULL,
    lock_until bigint,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    record jsonb NOT NULL,
    UNIQUE (order_id, network)
  );
  CREATE INDEX IF NOT EXISTS ${n.pendingIndex}
    ON ${n.deliveries} (due_at, seq) WHERE state = 'pending';
END IF;`,
  },
  {
    version: 2,
    name: 'kinds, keys and lock tokens',
    body: (n) => `CREATE TABLE IF NOT EXISTS ${n.keys} (
  kind text NOT NULL,
  key text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (kind, key)
);
IF EXISTS (SELECT 1 FROM pg_attribute
    WHERE attrelid = to_regclass('${n.deliveries}') AND attname = 'order_id' AND NOT attisdropped) THEN
  IF to_regclass('${n.orders}') IS NOT NULL THEN
    INSERT INTO ${n.keys} (kind, key, created_at)
      SELECT 'order', order_id, floor(extract(epoch FROM created_at) * 1000)::bigint FROM ${n.orders}
      ON CONFLICT (kind, key) DO NOTHING;
  END IF;
  INSERT INTO ${n.keys} (kind, key, created_at)
    SELECT 'order', order_id, min(created_at) FROM ${n.deliveries} GROUP BY order_id
    ON CONFLICT (kind, key) DO NOTHING;
  ALTER TABLE ${n.deliveries} ADD COLUMN kind text, ADD COLUMN key text, ADD COLUMN attempts integer,
    ADD COLUMN lock_token text, ADD COLUMN owner text;
  UPDATE ${n.deliveries} SET kind = 'order', key = order_id, attempts =
    CASE WHEN jsonb_typeof(record -> 'attempts') = 'number'
      THEN floor((record ->> 'attempts')::numeric)::integer ELSE 0 END
    + CASE WHEN state = 'pending' THEN 1 ELSE 0 END;
  ALTER TABLE ${n.deliveries} DROP COLUMN order_id,
    ALTER COLUMN kind SET NOT NULL, ALTER COLUMN key SET NOT NULL, ALTER COLUMN attempts SET NOT NULL,
    ADD UNIQUE (kind, key, network),
    ADD FOREIGN KEY (kind, key) REFERENCES ${n.keys} (kind, key) ON DELETE CASCADE;
  DROP TABLE IF EXISTS ${n.orders};
END IF;
CREATE INDEX IF NOT EXISTS ${n.finishedIndex}
  ON ${n.deliveries} (updated_at) WHERE state <> 'pending';`,
  },
  {
    version: 3,
    name: 'checkout hand-offs',
    body: (n) => `CREATE TABLE IF NOT EXISTS ${n.handoffs} (
  id text PRIMARY KEY,
  expires_at bigint NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS ${n.handoffsExpiryIndex} ON ${n.handoffs} (expires_at);`,
  },
];

/** The schema version this release writes: the number of the last migration step. */
export const POSTGRES_SCHEMA_VERSION = STEPS[STEPS.length - 1]!.version;

/** Options of {@link postgresStoreMigration}. */
export interface PostgresMigrationOptions extends PostgresTableOptions {
  /**
   * One step only: the SQL that brings the tables from version `step - 1` to `step` (1 to
   * {@link POSTGRES_SCHEMA_VERSION}). Default: every step, from any earlier version to the current one.
   */
  step?: number;
}

/**
 * The SQL of the PostgreSQL store's migrations, for a shop's own migration tool: without `step`,
 * every step in order (what `store.migrate()` runs, under its advisory lock); with `step`, that
 * step alone, to keep as one numbered file each. Each step records its version in
 * `<table>_migrations` and is guarded: run on a database already at that version or later, it
 * changes nothing. Released steps never change; a new release may add steps at the end.
 *
 * @example
 * // One file per step, applied in order by your tool; add the new ones at each upgrade.
 * for (let step = 1; step <= POSTGRES_SCHEMA_VERSION; step++) {
 *   fs.writeFileSync(`migrations/affiliate_relay_${step}.sql`, postgresStoreMigration({ step }));
 * }
 */
export function postgresStoreMigration(options: PostgresMigrationOptions = {}): string {
  const names = postgresNames(options);
  const { step } = options;
  if (step === undefined) return stepsAfter(names, 0);
  if (!Number.isInteger(step) || step < 1 || step > POSTGRES_SCHEMA_VERSION) {
    throw new ConfigError(`step must be a whole number from 1 to ${POSTGRES_SCHEMA_VERSION}`);
  }
  return stepSql(names, STEPS[step - 1]!);
}

/** What a migration needs of a connection: one statement at a time, inside its transaction. */
interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Brings the tables to {@link POSTGRES_SCHEMA_VERSION} on `client`, inside the caller's
 * transaction: takes the advisory lock of these tables (released at commit), reads the version
 * recorded and runs the steps after it. Throws a StoreError when the database is newer.
 *
 * @example
 * await client.query('BEGIN');
 * await migratePostgres(client, names);
 * await client.query('COMMIT');
 */
export async function migratePostgres(client: Queryable, names: PostgresNames): Promise<void> {
  // Servers starting together take turns; the next one finds the work done.
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [names.lockKey]);
  const found = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [names.migrations]);
  let version = 0;
  if (found.rows[0]?.present === true) {
    const { rows } = await client.query(`SELECT max(version) AS version FROM ${names.migrations}`);
    version = Number(rows[0]?.version ?? 0);
  }
  if (version > POSTGRES_SCHEMA_VERSION) {
    throw new StoreError(
      `PostgreSQL delivery store: the database's schema is version ${version}, newer than this release's ${POSTGRES_SCHEMA_VERSION}: it was migrated by a later @affiliate-relay/node. Upgrade the package on every server, or point the store at another table or schema`,
    );
  }
  if (version < POSTGRES_SCHEMA_VERSION) await client.query(stepsAfter(names, version));
}

function stepsAfter(names: PostgresNames, version: number): string {
  return STEPS.filter((step) => step.version > version)
    .map((step) => stepSql(names, step))
    .join('\n');
}

function stepSql(names: PostgresNames, step: Step): string {
  return [
    ...(names.schema ? [`CREATE SCHEMA IF NOT EXISTS ${names.schema};`] : []),
    `CREATE TABLE IF NOT EXISTS ${names.migrations} (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`,
    `-- affiliate-relay step ${step.version}: ${step.name}
DO $affiliate_relay$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ${names.migrations} WHERE version >= ${step.version}) THEN
${indent(step.body(names))}
    INSERT INTO ${names.migrations} (version, name) VALUES (${step.version}, '${step.name}');
  END IF;
END
$affiliate_relay$;`,
  ].join('\n');
}

function indent(body: string): string {
  return body.replace(/^/gm, '    ');
}
