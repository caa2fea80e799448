import type { ValidationIssue } from '@affiliate-relay/core';

/** Why a beacon was refused; the `error` field of the JSON answer. */
export type CollectErrorCode =
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'invalid_json'
  | 'invalid_beacon'
  | 'cross_site'
  | 'relay_closed'
  | 'internal_error';

/** The HTTP status of each code. */
export const COLLECT_ERROR_STATUS: Record<CollectErrorCode, number> = {
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_json: 400,
  invalid_beacon: 400,
  cross_site: 403,
  relay_closed: 503,
  internal_error: 500,
};

/** A refusal, before it becomes a Response. */
export interface CollectFailure {
  code: CollectErrorCode;
  /** One sentence for the developer reading the network tab. Never carries a secret or a cookie. */
  reason: string;
  issues?: ValidationIssue[];
}

// Answers of the collect endpoint are about one visitor: no cache may keep or share them.
const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * The JSON answer of a refused beacon: `{ "error": code, "reason": text }`, plus `issues` for an
 * invalid beacon and `Allow: POST` for a wrong method.
 *
 * @example
 * return errorResponse({ code: 'invalid_json', reason: 'The body is not valid JSON.' });
 */
export function errorResponse(failure: CollectFailure, extraHeaders: Record<string, string> = {}): Response {
  const headers = new Headers(extraHeaders);
  for (const [name, value] of Object.entries(NO_STORE)) headers.set(name, value);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  if (failure.code === 'method_not_allowed') headers.set('Allow', 'POST');
  const body: Record<string, unknown> = { error: failure.code, reason: failure.reason };
  if (failure.issues) body.issues = failure.issues;
  return new Response(JSON.stringify(body), { status: COLLECT_ERROR_STATUS[failure.code], headers });
}

/**
 * The answer of an accepted beacon: 204 with the cookies to set.
 *
 * @example
 * return acceptedResponse([await serverCookie.serialize(value)]);
 */
export function acceptedResponse(
  setCookies: readonly string[],
  extraHeaders: Record<string, string> = {},
): Response {
  const headers = new Headers(extraHeaders);
  for (const [name, value] of Object.entries(NO_STORE)) headers.set(name, value);
  for (const cookie of setCookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 204, headers });
}
