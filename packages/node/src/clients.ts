// @affiliate-relay/node/clients: the raw network clients, for a shop that calls AvantLink or Aflite itself
// rather than through `createRelay` (which makes these calls for you, through its outbox). Their errors are the
// root entry's (`HttpError`, `TimeoutError`…), and so is `hashIdentifier`.
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
export type { CallOptions } from './http/deadline';
export type { ClientEvent } from './http/events';
export type { RetryOptions } from './http/retry-policy';
