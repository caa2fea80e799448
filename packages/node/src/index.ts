// Core's errors and guards, so that a shop needs no direct dependency on @affiliate-relay/core (one copy of each class).
export {
  AffiliateRelayError,
  type AffiliateRelayErrorCode,
  ConfigError,
  DeliveryAmbiguousError,
  HttpError,
  isAffiliateRelayError,
  isErrorNamed,
  NetworkError,
  RelayClosedError,
  StoreError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from '@affiliate-relay/core';
export { AFLITE_BASE_URL, AfliteClient } from './clients/aflite/client';
export type {
  AfliteClientOptions,
  AfliteGoalInput,
  AfliteGoalRecord,
  AfliteGoalResult,
} from './clients/aflite/types';
export { AVANTLINK_BASE_URL, AvantLinkClient } from './clients/avantlink/client';
export {
  type ReturnsFileOptions,
  type ReturnsFileRow,
  toReturnsFileCsv,
} from './clients/avantlink/returns-file';
export type {
  AvantLinkAdjustmentInput,
  AvantLinkAdjustmentOptions,
  AvantLinkAdjustmentResult,
  AvantLinkCallResult,
  AvantLinkClickInput,
  AvantLinkClientOptions,
  AvantLinkOrderInput,
} from './clients/avantlink/types';
export { hashIdentifier } from './clients/hash-identifier';
export type { DeliveryOutcome } from './delivery/attempt';
export type {
  ClaimOptions,
  DeliveryError,
  DeliveryKind,
  DeliveryRecord,
  DeliveryRecordBase,
  DeliveryStats,
  DeliveryStatus,
  DeliveryStore,
  ReversalRequest,
} from './delivery/contract';
export type { DeliveryEvent } from './delivery/events';
export { createMemoryStore, type MemoryStoreOptions } from './delivery/memory-store';
export {
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigrationOptions,
  postgresStoreMigration,
} from './delivery/postgres/migrations';
export { DEFAULT_POSTGRES_TABLE, type PostgresTableOptions } from './delivery/postgres/postgres-schema';
export {
  createPostgresStore,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type PostgresStore,
  type PostgresStoreOptions,
} from './delivery/postgres/postgres-store';
export { createSqliteStore, type SqliteStoreOptions } from './delivery/sqlite/store';
export type { CallOptions } from './http/deadline';
export type { ClientEvent, ClientLogger, ClientNetwork } from './http/events';
export type { RetryOptions } from './http/retry-policy';
export { DEFAULT_SERVER_USER_AGENT, SDK_VERSION } from './http/version';
export type { CaptureRequest, CaptureResult } from './relay/collect/capture';
export type { CollectContext } from './relay/collect/collect';
export type { CollectErrorCode } from './relay/collect/collect-response';
export {
  type NodeListener,
  type NodeListenerOptions,
  toNodeListener,
  type WebHandler,
} from './relay/collect/node-listener';
export type {
  DeliveryOptions,
  RelayAfliteOptions,
  RelayAttributionOptions,
  RelayAvantLinkOptions,
  RelayConfig,
  RelayCookieOptions,
} from './relay/config';
export type { ConsentRefusal, ConsentRequest, RelayConsentOptions } from './relay/consent/consent-rule';
export type {
  ConversionInput,
  ConversionInputBase,
  ConversionRequest,
  ConversionResult,
  NetworkResult,
  SkipReason,
} from './relay/conversion/conversion-types';
export { MIN_SECRET_LENGTH } from './relay/cookie/cookie-signer';
export type { Attribution, AttributionSource, CookieSource } from './relay/cookie/read-attribution';
export {
  createRelay,
  type FlushOptions,
  type FlushResult,
  type Relay,
  type RelayStatus,
} from './relay/create-relay';
export { DEFAULT_DB_PATH } from './relay/default-store';
export type { RelayEvent, RelayLogger, RelayServerEvent } from './relay/events';
export { MAX_BEACON_BYTES } from './relay/incoming/read-body';
export type { ReversalItemInput } from './relay/reversal/reversal-plan';
export type {
  ReturnsFileRequest,
  ReversalInput,
  ReversalNetworkResult,
  ReversalResult,
} from './relay/reversal/reversal-types';
export type { RelayWarningCode } from './relay/warnings';
