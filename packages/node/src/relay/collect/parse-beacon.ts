import type { Beacon, Withdrawal } from '@affiliate-relay/core';
import {
  encodeAnyTouches,
  isVisitorId,
  type NetworkId,
  type Touch,
  type ValidationIssue,
} from '@affiliate-relay/core';
import { loadSchemas } from '../../lazy-schemas';
import { plainBeacon } from './beacon-fast-path';
import type { CollectFailure } from './collect-response';

/** A parsed beacon (or withdrawal), or why it was refused. */
export type ParsedBeacon =
  | { ok: true; beacon: Beacon; withdrawal?: undefined }
  | { ok: true; withdrawal: Withdrawal; beacon?: undefined }
  | { ok: false; failure: CollectFailure };

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
 * Decodes (strict UTF-8), parses and validates a beacon body as core's `beaconSchema` does: a plainly
 * valid beacon by hand (`plainBeacon`), anything else with the schema itself, loaded then. A touch of a network
 * `takes` refuses (one the relay does not know) makes it invalid too. Default: every network id.
 *
 * @example
 * const parsed = await parseBeacon(bytes);
 * if (!parsed.ok) return errorResponse(parsed.failure);
 */
export async function parseBeacon(
  bytes: Uint8Array,
  takes: (network: NetworkId) => boolean = () => true,
): Promise<ParsedBeacon> {
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
  // A withdrawal of consent (`{ withdraw: true, visitorId? }`): checked by hand when plain, else by its schema.
  if (typeof value === 'object' && value !== null && 'withdraw' in value) return parseWithdrawal(value);
  const plain = plainBeacon(value);
  if (plain && unusableTouches(plain.touches, takes).length === 0) return { ok: true, beacon: plain };
  const { beaconSchema, toValidationIssues } = await loadSchemas();
  const result = beaconSchema.safeParse(value);
  const issues = result.success
    ? unusableTouches(result.data.touches, takes)
    : toValidationIssues(result.error);
  if (result.success && issues.length === 0) return { ok: true, beacon: result.data };
  const fields = [...new Set(issues.map((issue) => issue.path || '(root)'))];
  return {
    ok: false,
    failure: { code: 'invalid_beacon', reason: `The beacon is invalid at ${fields.join(', ')}`, issues },
  };
}

async function parseWithdrawal(value: object): Promise<ParsedBeacon> {
  const { withdraw, visitorId, ...rest } = value as Record<string, unknown>;
  if (
    withdraw === true &&
    Object.keys(rest).length === 0 &&
    (visitorId === undefined || isVisitorId(visitorId))
  )
    return { ok: true, withdrawal: visitorId === undefined ? { withdraw } : { withdraw, visitorId } };
  const { withdrawalSchema, toValidationIssues } = await loadSchemas();
  const result = withdrawalSchema.safeParse(value);
  if (result.success) return { ok: true, withdrawal: result.data };
  const issues = toValidationIssues(result.error);
  const fields = [...new Set(issues.map((issue) => issue.path || '(root)'))];
  return {
    ok: false,
    failure: { code: 'invalid_beacon', reason: `The withdrawal is invalid at ${fields.join(', ')}`, issues },
  };
}

/**
 * The click ids and gclids that the cookie codec cannot encode (`encodeAnyTouches` throws a URIError
 * on a lone surrogate). Core's schema refuses those already; this check keeps any gap between the
 * schema and the codec a 400 `invalid_beacon`, never a 500 while the cookie is written.
 *
 * @example
 * unencodableTouches([{ network: 'aflite', clickId: 'abc\ud800', capturedAt }]); // [{ path: 'touches.0.clickId', … }]
 */
export function unencodableTouches(touches: readonly Touch[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  touches.forEach((touch, index) => {
    for (const field of ['clickId', 'gclid'] as const) {
      const id = touch[field];
      if (id === undefined || encodes({ network: touch.network, clickId: id, capturedAt: touch.capturedAt }))
        continue;
      issues.push({
        path: `touches.${index}.${field}`,
        message: 'cannot be stored in a cookie (ill-formed text)',
      });
    }
  });
  return issues;
}

// The touches of networks the relay does not take, then those the codec cannot encode.
function unusableTouches(
  touches: readonly Touch[],
  takes: (network: NetworkId) => boolean,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  touches.forEach((touch, index) => {
    if (!takes(touch.network)) {
      issues.push({
        path: `touches.${index}.network`,
        message: `${touch.network} is no network this relay takes`,
      });
    }
  });
  return [...issues, ...unencodableTouches(touches)];
}

function encodes(touch: Touch): boolean {
  try {
    encodeAnyTouches([touch]);
    return true;
  } catch {
    return false;
  }
}
