import { ConfigError, NetworkError, TimeoutError } from '@affiliate-relay/core';

/*
 * The retry policy of every network call, written down in one place:
 * - retry network errors, timeouts, 408, 429 and 5xx; never any other 4xx;
 * - at most `maxAttempts` attempts, the first included (the call's own `maxAttempts` may lower it);
 * - wait an exponential backoff with full jitter: retry n waits a random time between
 *   `baseDelayMs` and min(`maxDelayMs`, `baseDelayMs` × 2^n);
 * - a `Retry-After` (seconds or HTTP date) replaces the backoff; one longer than
 *   `maxRetryAfterMs` ends the retries instead of being shortened (the server said "not before").
 * Whether a POST may be resent at all is the caller's choice: AvantLink's orders are idempotent by
 * `order_number`, Aflite's goals are not (see the Aflite client).
 */

/** How a client retries. Every field is optional. */
export interface RetryOptions {
  /** Attempts of one call, the first included; 1 turns retries off. Default: 4 (3 retries). */
  maxAttempts?: number;
  /** Shortest wait before a retry, in ms. Default: 300. */
  baseDelayMs?: number;
  /** Longest backoff wait, in ms. Default: 10_000. */
  maxDelayMs?: number;
  /** Longest `Retry-After` the client waits for; a longer one ends the retries. Default: 60_000. */
  maxRetryAfterMs?: number;
}

/**
 * The package's own test seams, read from the same `retry` object but not part of the public type
 * (they would be a semver promise): tests build `RetryOptions & RetryTestSeams` and pass it as `retry`.
 */
export interface RetryTestSeams {
  /** Random source in [0, 1) for the jitter. Default: `Math.random`. */
  random?: () => number;
  /** Waits `ms` milliseconds. Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** {@link RetryOptions} with every default applied and checked. */
export type RetryPolicy = Required<RetryOptions & RetryTestSeams>;

export const DEFAULT_RETRY = {
  maxAttempts: 4,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
} as const;

/**
 * Applies defaults and checks the numbers.
 *
 * @example
 * const policy = resolveRetryPolicy({ maxAttempts: 6 });
 */
export function resolveRetryPolicy(options: RetryOptions & RetryTestSeams = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ConfigError('retry.maxAttempts must be a whole number, 1 or more');
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0)
      throw new ConfigError(`retry.${key} must be 0 or more`);
  }
  if (policy.maxDelayMs < policy.baseDelayMs)
    throw new ConfigError('retry.maxDelayMs must not be below baseDelayMs');
  return policy;
}

/** Statuses worth another try: request timeout, too many requests, and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * What a failed attempt means for a resend:
 * - `never-sent`: the request provably never left (refused connection, unknown host): always safe;
 * - `ambiguous`: it may have been processed (timeout, dropped connection, 408/429/5xx);
 * - `final`: do not retry (any other 4xx, or an error that is not about the network).
 */
export type FailureKind = 'never-sent' | 'ambiguous' | 'final';

/**
 * @example
 * classifyFailure({ status: 503 }); // 'ambiguous'
 */
export function classifyFailure(failure: { status: number } | { error: unknown }): FailureKind {
  if ('status' in failure) return isRetryableStatus(failure.status) ? 'ambiguous' : 'final';
  const { error } = failure;
  if (error instanceof NetworkError) return error.sent ? 'ambiguous' : 'never-sent';
  if (error instanceof TimeoutError) return 'ambiguous';
  return 'final';
}

/**
 * Backoff before retry number `retry` (1 for the first retry): full jitter between `baseDelayMs`
 * and min(`maxDelayMs`, `baseDelayMs` × 2^retry).
 *
 * @example
 * backoffDelay(resolveRetryPolicy(), 1); // 300 to 600
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(1, retry));
  const span = Math.max(0, ceiling - policy.baseDelayMs);
  return Math.round(policy.baseDelayMs + clampUnit(policy.random()) * span);
}

/**
 * Milliseconds a `Retry-After` header asks for: delta-seconds or an HTTP date. `undefined` when
 * absent or unreadable (the backoff applies then).
 *
 * @example
 * parseRetryAfter('2'); // 2000
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its weekday and month; a bare '-5' would parse as the year -5.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `retry`, or `undefined` when the server asked for a longer pause
 * than `maxRetryAfterMs` (stop retrying then).
 *
 * @example
 * const delayMs = retryDelay(policy, 1, response.headers.get('retry-after'));
 */
export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterHeader?: string | null,
  now: number = Date.now(),
): number | undefined {
  const asked = parseRetryAfter(retryAfterHeader, now);
  if (asked === undefined) return backoffDelay(policy, retry);
  return asked > policy.maxRetryAfterMs ? undefined : asked;
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 1);
}

// Unref'd: a wait between retries never keeps a process alive on its own.
function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
}
