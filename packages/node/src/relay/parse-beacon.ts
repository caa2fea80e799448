import { type Beacon, beaconSchema, toValidationIssues } from '@affiliate-relay/core/schemas';
import type { CollectFailure } from './collect-response';

/** A parsed beacon, or why it was refused. */
export type ParsedBeacon = { ok: true; beacon: Beacon } | { ok: false; failure: CollectFailure };

/**
 * Whether a `Content-Type` is one a beacon may have: `text/plain` (what `sendBeacon` sends with a
 * string, no CORS preflight) or `application/json`. An absent type is accepted too (a Blob
 * without a type); the body must still be JSON.
 *
 * @example
 * isBeaconMediaType('text/plain;charset=UTF-8'); // true
 */
export function isBeaconMediaType(contentType: string | null): boolean {
  if (contentType === null || contentType.trim() === '') return true;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type === 'text/plain' || type === 'application/json';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes (strict UTF-8), parses and validates a beacon body with core's `beaconSchema`.
 *
 * @example
 * const parsed = parseBeacon(bytes);
 * if (!parsed.ok) return errorResponse(parsed.failure);
 */
export function parseBeacon(bytes: Uint8Array): ParsedBeacon {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return {
      ok: false,
      failure: {
        code: 'invalid_json',
        reason: 'The body is not JSON (UTF-8) as the browser script sends it',
      },
    };
  }
  const result = beaconSchema.safeParse(value);
  if (result.success) return { ok: true, beacon: result.data };
  const issues = toValidationIssues(result.error);
  const fields = [...new Set(issues.map((issue) => issue.path || '(root)'))];
  return {
    ok: false,
    failure: { code: 'invalid_beacon', reason: `The beacon is invalid at ${fields.join(', ')}`, issues },
  };
}
