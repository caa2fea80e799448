import { HttpError } from '@affiliate-relay/core';
import type { HttpResult } from './request-types';
import { parseRetryAfter } from './retry-policy';

/**
 * An HttpError for a network's answer, with `retryAfterMs` from its `Retry-After` header. The relay's
 * redelivery honours it ("not before"), also when it was longer than the client's own `maxRetryAfterMs`.
 *
 * @example
 * throw httpErrorOf(result, result.body, `AvantLink tracking/order answered ${result.status}`);
 */
export function httpErrorOf(
  result: Pick<HttpResult, 'status' | 'headers'>,
  body: unknown,
  message: string,
): HttpError {
  const retryAfterMs = parseRetryAfter(result.headers.get('retry-after'));
  return new HttpError(result.status, body, message, retryAfterMs === undefined ? {} : { retryAfterMs });
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
