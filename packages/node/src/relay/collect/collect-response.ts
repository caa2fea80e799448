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
  | 'store_unavailable'
  | 'aborted'
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
  store_unavailable: 503,
  aborted: 400,
  internal_error: 500,
};

/** A refusal, before it becomes a Response. */
export interface CollectFailure {
  code: CollectErrorCode;
  /** One sentence for the developer reading the network tab. Never carries a secret or a cookie. */
  reason: string;
  issues?: ValidationIssue[];
}

/**
 * An answer of the collect endpoint before it is a Web `Response` (`toResponse`) or written to a Node
 * response (`writeAnswer` in node-listener.ts): one core serves both without building the other's objects.
 */
export interface CollectAnswer {
  status: number;
  /** Header names in lower case, as a Web `Headers` gives them. */
  headers: Record<string, string>;
  setCookies: readonly string[];
  body?: string;
}

// Answers of the collect endpoint are about one visitor: no cache may keep or share them.
const NO_STORE = 'no-store';

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The JSON answer of a refused beacon: `{ "error": code, "reason": text }`, plus `issues` for an
 * invalid beacon and `Allow: POST` for a wrong method.
 *
 * @example
 * return toResponse(errorAnswer({ code: 'invalid_json', reason: 'The body is not valid JSON.' }));
 */
export function errorAnswer(
  failure: CollectFailure,
  extraHeaders: Record<string, string> = {},
): CollectAnswer {
  const headers = lowerCased(extraHeaders);
  headers['cache-control'] = NO_STORE;
  headers['content-type'] = 'application/json; charset=utf-8';
  if (failure.code === 'method_not_allowed') headers.allow = 'POST';
  const body: Record<string, unknown> = { error: failure.code, reason: failure.reason };
  if (failure.issues) body.issues = failure.issues;
  return { status: COLLECT_ERROR_STATUS[failure.code], headers, setCookies: [], body: JSON.stringify(body) };
}

/**
 * The answer of an accepted beacon: 204 with the cookies to set.
 *
 * @example
 * return toResponse(acceptedAnswer([await serverCookie.serialize(value)]));
 */
export function acceptedAnswer(
  setCookies: readonly string[],
  extraHeaders: Record<string, string> = {},
): CollectAnswer {
  const headers = lowerCased(extraHeaders);
  headers['cache-control'] = NO_STORE;
  return { status: 204, headers, setCookies };
}

/**
 * The answer as a Web `Response`, every `Set-Cookie` its own header.
 *
 * @example
 * return toResponse(acceptedAnswer([cookie]));
 */
export function toResponse(answer: CollectAnswer): Response {
  const headers = new Headers(answer.headers);
  for (const cookie of answer.setCookies) headers.append('Set-Cookie', cookie);
  return new Response(answer.body ?? null, { status: answer.status, headers });
}

/**
 * {@link errorAnswer} as a Web `Response`.
 *
 * @example
 * return errorResponse({ code: 'invalid_json', reason: 'The body is not valid JSON.' });
 */
export function errorResponse(failure: CollectFailure, extraHeaders: Record<string, string> = {}): Response {
  return toResponse(errorAnswer(failure, extraHeaders));
}
