/** Every failure the SDK reports carries one of these codes. */
export type AffiliateRelayErrorCode =
  | 'config_invalid'
  | 'validation_failed'
  | 'http_error'
  | 'network_error'
  | 'timeout'
  | 'delivery_ambiguous'
  | 'store_error'
  | 'relay_closed'
  | 'handoff_refused';

export interface ValidationIssue {
  /** Dotted path of the field, in the names of the payload that was checked (`tracking_ids.user_agent`). */
  path: string;
  message: string;
}

/** Base class of every error the SDK throws or reports. Match it with {@link isAffiliateRelayError}. */
export class AffiliateRelayError extends Error {
  override name = 'AffiliateRelayError';
  readonly code: AffiliateRelayErrorCode;

  constructor(code: AffiliateRelayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Options given to a client or to `createRelay` are unusable. Thrown at construction. */
export class ConfigError extends AffiliateRelayError {
  override name = 'ConfigError';
  constructor(message: string) {
    super('config_invalid', message);
  }
}

/** A payload failed its schema. `issues` names each field. */
export class ValidationError extends AffiliateRelayError {
  override name = 'ValidationError';
  readonly issues: ValidationIssue[];

  constructor(subject: string, issues: ValidationIssue[]) {
    super(
      'validation_failed',
      `${subject} is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.issues = issues;
  }
}

/** The network answered with a status that is not success. `body` is the parsed answer. */
export class HttpError extends AffiliateRelayError {
  override name = 'HttpError';
  readonly status: number;
  readonly body: unknown;
  /**
   * The wait the network asked for with `Retry-After` (seconds or an HTTP date), in ms, when it sent
   * one. Redelivery honours it: not before.
   */
  declare retryAfterMs?: number;

  constructor(status: number, body: unknown, message: string, options: { retryAfterMs?: number } = {}) {
    super('http_error', message);
    this.status = status;
    this.body = body;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The request failed below HTTP. `sent` tells whether the request may have reached the network
 * (false only when it provably never left, such as a refused connection).
 */
export class NetworkError extends AffiliateRelayError {
  override name = 'NetworkError';
  readonly sent: boolean;

  constructor(message: string, options: { cause?: unknown; sent: boolean }) {
    super('network_error', message, { cause: options.cause });
    this.sent = options.sent;
  }
}

/**
 * No answer within the time limit (the request may have arrived), or a call its deadline stopped
 * before it could send anything. Every error with code `timeout` is one.
 */
export class TimeoutError extends AffiliateRelayError {
  override name = 'TimeoutError';
  /** The limit that ran out, in ms (0 when a deadline left no time to start). */
  readonly timeoutMs: number;

  /** `message` defaults to `No answer within <timeoutMs> ms`. */
  constructor(timeoutMs: number, message: string = `No answer within ${timeoutMs} ms`) {
    super('timeout', message);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A goal (or call) may have reached the network but that could not be confirmed: it must not be
 * sent again before the network is asked (Aflite's goal feed).
 */
export class DeliveryAmbiguousError extends AffiliateRelayError {
  override name = 'DeliveryAmbiguousError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('delivery_ambiguous', message, options);
  }
}

/** The delivery store failed (a database error, or a stored record that cannot be read). */
export class StoreError extends AffiliateRelayError {
  override name = 'StoreError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_error', message, options);
  }
}

/** The relay was closed (`relay.close()`): it takes no more beacons or conversions. */
export class RelayClosedError extends AffiliateRelayError {
  override name = 'RelayClosedError';
  constructor(operation: string) {
    super('relay_closed', `The relay is closed: ${operation} was refused (create a new relay to go on)`);
  }
}

/**
 * Why a hand-off token (`relay.createHandoff`) was refused:
 * - `malformed`: not shaped like a hand-off at all (length, prefix or characters: truncated, or another value);
 * - `edited`: shaped like one, but its check characters do not match: changed after it was made (a typo, a
 *   platform that rewrote it, an edit by hand);
 * - `forged`: consistent, but not signed with this relay's cookie secret (made by someone else);
 * - `expired`: genuine, past its expiry;
 * - `unknown`: genuine and current, but the store holds no such hand-off (another store, or purged);
 * - `other-visitor`: genuine, but made for another visitor than the one the caller named (a replay).
 */
export type HandoffRefusal = 'malformed' | 'edited' | 'forged' | 'expired' | 'unknown' | 'other-visitor';

/** A hand-off token was refused. `reason` says which check it failed; nothing is credited from it. */
export class HandoffError extends AffiliateRelayError {
  override name = 'HandoffError';
  readonly reason: HandoffRefusal;

  constructor(reason: HandoffRefusal, message: string) {
    super('handoff_refused', message);
    this.reason = reason;
  }
}

const NAMES = new Set([
  'AffiliateRelayError',
  'ConfigError',
  'ValidationError',
  'HttpError',
  'NetworkError',
  'TimeoutError',
  'DeliveryAmbiguousError',
  'StoreError',
  'RelayClosedError',
  'HandoffError',
]);

/**
 * Whether a value is an SDK error, also across realms and duplicate installs, where
 * `instanceof` fails: it matches by `name` and `code` too.
 *
 * @example
 * try { await client.trackOrder(order); } catch (error) { if (isAffiliateRelayError(error)) log(error.code); }
 */
export function isAffiliateRelayError(value: unknown): value is AffiliateRelayError {
  if (value instanceof AffiliateRelayError) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { name, code } = value as { name?: unknown; code?: unknown };
  return typeof name === 'string' && NAMES.has(name) && typeof code === 'string';
}

/** Narrows to one subclass by name, across realms. */
export function isErrorNamed<
  N extends
    | 'ValidationError'
    | 'HttpError'
    | 'NetworkError'
    | 'TimeoutError'
    | 'ConfigError'
    | 'DeliveryAmbiguousError'
    | 'StoreError'
    | 'RelayClosedError'
    | 'HandoffError',
>(value: unknown, name: N): value is InstanceType<(typeof ERROR_CLASSES)[N]> {
  return isAffiliateRelayError(value) && value.name === name;
}

const ERROR_CLASSES = {
  ValidationError,
  HttpError,
  NetworkError,
  TimeoutError,
  ConfigError,
  DeliveryAmbiguousError,
  StoreError,
  RelayClosedError,
  HandoffError,
};
