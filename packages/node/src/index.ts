export { AFLITE_BASE_URL, AfliteClient } from './clients/aflite/client';
export type {
  AfliteClientOptions,
  AfliteGoalInput,
  AfliteGoalRecord,
  AfliteGoalResult,
} from './clients/aflite/types';
export { AVANTLINK_BASE_URL, AvantLinkClient } from './clients/avantlink/client';
export type {
  AvantLinkCallResult,
  AvantLinkClickInput,
  AvantLinkClientOptions,
  AvantLinkOrderInput,
} from './clients/avantlink/types';
export { hashIdentifier } from './clients/hash-identifier';
export type { ClientNetwork, RelayEvent, RelayLogger } from './http/events';
export { DEFAULT_RETRY, isRetryableStatus, type RetryOptions } from './http/retry-policy';
export { DEFAULT_SERVER_USER_AGENT, SDK_VERSION } from './http/version';
