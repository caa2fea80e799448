export { captureAnyTouches, type LandingRule, landingParams } from './any-network/capture';
export { ackValue, anyClickHash, hashNetwork } from './any-network/click-hash';
export { mergeAnyTouches } from './any-network/merge';
export { decodeAnyTouchState, encodeAnyTouches } from './any-network/touch-state';
export {
  type AttributionDecision,
  type AttributionPolicy,
  type AttributionWindows,
  type SelectAttributionOptions,
  selectAttribution,
} from './attribution';
export {
  AVANTLINK_ADJUSTMENT_API,
  AVANTLINK_ADJUSTMENT_DAILY_LIMIT,
  AVANTLINK_ADJUSTMENT_PARAMS,
  AVANTLINK_ADJUSTMENT_TYPES,
  AVANTLINK_AUTH_KEY_LENGTH,
  AVANTLINK_RETURNS_FILE_COLUMNS,
  AVANTLINK_RETURNS_FILE_DAYS,
  type AvantLinkAdjustmentType,
} from './avantlink-adjustment-wire';
export { AVANTLINK_LINE_ITEM_FIELDS, AVANTLINK_PRODUCTS_FIELD } from './avantlink-wire';
export { decodeBase64Url, encodeBase64Url } from './base64url';
export {
  type Beacon,
  CONSENT_SOURCE_PATTERN,
  MAX_BEACON_BYTES,
  MAX_BEACON_URL_LENGTH,
  type Withdrawal,
} from './beacon';
export { type CaptureOptions, captureTouches } from './capture';
export { clickHash, isAcknowledged, NETWORK_CODES } from './click-hash';
export { isAcceptableClickId } from './click-id';
export { closestName } from './closest-name';
export { decodeTouches, decodeTouchState, encodeTouches, type TouchState } from './cookie-value';
export {
  AffiliateRelayError,
  type AffiliateRelayErrorCode,
  ConfigError,
  DeliveryAmbiguousError,
  HandoffError,
  type HandoffRefusal,
  HttpError,
  isAffiliateRelayError,
  isErrorNamed,
  NetworkError,
  RelayClosedError,
  StoreError,
  TimeoutError,
  ValidationError,
  type ValidationIssue,
} from './errors';
export {
  MAX_SEEN_PER_NETWORK,
  type MergeResult,
  mergeTouches,
  type SeenClick,
} from './merge';
export {
  AFLITE_CLICK_SOURCE,
  type BuiltInNetworkId,
  COOKIE_NAMES,
  compareNetworks,
  DAY_MS,
  DEFAULT_COLLECT_PATH,
  DEFAULT_WINDOW_DAYS,
  HANDOFF_NAMES,
  isBuiltInNetwork,
  isNetworkId,
  LANDING_PARAMS,
  MAX_CLICK_ID_BYTES,
  MAX_CLICK_ID_LENGTH,
  MAX_COOKIE_DAYS,
  NETWORK_ID_PATTERN,
  NETWORKS,
  type NetworkId,
} from './networks';
export type { Touch } from './touch';
export { isVisitorId, newVisitorId, VISITOR_ID_PATTERN } from './visitor-id';
