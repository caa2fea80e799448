// @affiliate-relay/node/store: where deliveries are kept. The three stores the package ships, and for a shop
// that writes its own, the DeliveryStore contract (its records, claims and locks) and the suite that proves a
// store keeps it. A shop on the default store (SQLite, opened by `createRelay`) imports nothing from here, except
// the types of what the store keeps of an order for `relay.explainOrder` and `relay.redeliver` (OrderExplanation…).
export type { AfliteGoalInput } from './clients/aflite/types';
export type { AvantLinkClickInput, AvantLinkOrderInput } from './clients/avantlink/types';
export type {
  AttemptLogEntry,
  ClaimOptions,
  DecisionNote,
  DeliveryError,
  DeliveryKind,
  DeliveryRecord,
  DeliveryRecordBase,
  DeliveryStats,
  DeliveryStatus,
  DeliveryStore,
  HandoffRecord,
  NotedTouch,
  ReversalRequest,
  StoreWarning,
} from './delivery/contract';
export { createMemoryStore, type MemoryStoreOptions } from './delivery/memory-store';
export {
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigrationOptions,
  postgresStoreMigration,
} from './delivery/postgres/migrations';
export type { PostgresTableOptions } from './delivery/postgres/postgres-schema';
export {
  createPostgresStore,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type PostgresStore,
  type PostgresStoreOptions,
} from './delivery/postgres/postgres-store';
export { createSqliteStore, type SqliteStoreOptions } from './delivery/sqlite/store';
export {
  runStoreContract,
  type StoreContractExpectation,
  type StoreContractFramework,
  type StoreContractOptions,
} from './delivery/store.contract';
export type {
  ExplanationVerdict,
  NetworkExplanation,
  OrderExplanation,
  RedeliverOptions,
  RedeliverResult,
} from './relay/explain/explanation-types';
