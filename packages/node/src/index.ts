// @affiliate-relay/node: the merchant server's side, `createRelay` and what its options, results and events
// name. The stores are in `@affiliate-relay/node/store` (with the contract a store of your own implements), the
// raw network clients in `@affiliate-relay/node/clients`.
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
} from '@affiliate-relay/core';
export type { AfliteClientOptions } from './clients/aflite/types';
export type { AvantLinkAdjustmentOptions, AvantLinkClientOptions } from './clients/avantlink/types';
export { hashIdentifier } from './clients/hash-identifier';
export type { DeliveryStatus } from './delivery/contract';
export type { DeliveryEvent } from './delivery/events';
export type { RetryOptions } from './http/retry-policy';
export type { CaptureResult } from './relay/collect/capture';
export type { CollectContext } from './relay/collect/collect';
export type { CollectErrorCode } from './relay/collect/collect-response';
export type { CollectListenerOptions } from './relay/collect/node-listener';
export type {
  DeliveryOptions,
  RelayAfliteOptions,
  RelayAttributionOptions,
  RelayAvantLinkOptions,
  RelayConfig,
  RelayCookieOptions,
} from './relay/config';
export type { ConsentRequest, RelayConsentOptions } from './relay/consent/consent-rule';
export type { ForgetResult } from './relay/consent/forget';
export type {
  ConversionInput,
  ConversionRequest,
  ConversionResult,
  NetworkResult,
  SkipReason,
} from './relay/conversion/conversion-types';
export type { Attribution } from './relay/cookie/read-attribution';
export {
  createRelay,
  type FlushOptions,
  type FlushResult,
  type Relay,
  type RelayStatus,
} from './relay/create-relay';
export type { RelayEvent, RelayLogger } from './relay/events';
export type {
  ReturnsFileRequest,
  ReversalInput,
  ReversalNetworkResult,
  ReversalResult,
} from './relay/reversal/reversal-types';
export type { RelayWarningCode } from './relay/warnings';
