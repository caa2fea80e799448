import { HttpError } from '@affiliate-relay/core';
import { parseRetryAfter } from './retry-policy';
import type { HttpResult } from './send';

/**
 * What the clients add to an {@link HttpError}: `retryAfterMs`, the wait the network asked for with
 * `Retry-After` (seconds or an HTTP date), when it sent one. The relay's redelivery honours it
 * ("not before"), also when it was longer than the client's own `maxRetryAfterMs`.
 */
export interface RetryAfterHint {
  readonly retryAfterMs?: number;
}

/**
 * An HttpError for a network's answer, with `retryAfterMs` from its `Retry-After` header.
 *
 * @example
 * throw httpErrorOf(result, result.body, `AvantLink tracking/order answered ${result.status}`);
 */
export function httpErrorOf(
  result: Pick<HttpResult, 'status' | 'headers'>,
  body: unknown,
  message: string,
): HttpError & RetryAfterHint {
  const error: HttpError & { retryAfterMs?: number } = new HttpError(result.status, body, message);
  const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'));
  if (retryAfterMs !== undefined) error.retryAfterMs = retryAfterMs;
  return error;
}

/**
 * The wait a failure asks for before the next try: its `retryAfterMs`, else that of its cause
 * (the failure behind an Aflite `delivery_ambiguous`). `undefined` when none asked.
 *
 * @example
 * retryAfterOf(error); // 3_600_000 after a 503 with Retry-After: 3600
 */
export function retryAfterOf(error: unknown, depth = 0): number | undefined {
  if (depth > 3 || typeof error !== 'object' || error === null) return undefined;
  const { retryAfterMs, cause } = error as { retryAfterMs?: unknown; cause?: unknown };
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0)
    return retryAfterMs;
  const failure = (cause as { failure?: unknown } | null | undefined)?.failure;
  return retryAfterOf(failure ?? cause, depth + 1);
}
