import type { Beacon } from '@affiliate-relay/core';
import {
  CONSENT_SOURCE_PATTERN,
  isAcceptableClickId,
  isNetworkId,
  MAX_BEACON_URL_LENGTH as MAX_URL_LENGTH,
  VISITOR_ID_PATTERN,
} from '@affiliate-relay/core';

/*
 * The beacon as the browser script sends it, checked by hand so that the collect endpoint needs no zod on
 * its hot path (zod was about 15 % of a valid beacon's cost, BENCHMARKS.md). It accepts a SUBSET of what
 * core's `beaconSchema` accepts, and gives exactly what the schema would give for it (unknown keys
 * dropped, fields in the schema's order). Anything it does not accept goes to the schema, which decides and
 * names the faults: a beacon it refuses may still be valid, never the other way round
 * (beacon-fast-path.test.ts checks both against the schema).
 */

const MAX_CAPTURED_AT = 36 ** 9 - 1;
// The schema's URL check trims the value and deletes tabs and line breaks from it; a URL with neither
// (nor any other whitespace or control character) is the same before and after.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const PLAIN_HTTP_URL = /^https?:\/\/[^\s\u0000-\u001f\u007f]*$/i;

type Json = Record<string, unknown>;
type Touch = Beacon['touches'][number];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalText = (value: unknown): value is string | undefined =>
  value === undefined || (typeof value === 'string' && value.length <= MAX_URL_LENGTH);

function touchOf(value: unknown): Touch | undefined {
  if (!isObject(value)) return undefined;
  const { network, clickId, capturedAt, landingUrl, referrer, gclid } = value;
  if (!isNetworkId(network)) return undefined;
  if (!isAcceptableClickId(clickId)) return undefined;
  if (typeof capturedAt !== 'number' || !Number.isSafeInteger(capturedAt)) return undefined;
  if (capturedAt <= 0 || capturedAt > MAX_CAPTURED_AT) return undefined;
  if (!optionalText(landingUrl) || !optionalText(referrer)) return undefined;
  if (gclid !== undefined && !isAcceptableClickId(gclid)) return undefined;
  const touch: Touch = { network, clickId, capturedAt };
  if (landingUrl !== undefined) touch.landingUrl = landingUrl;
  if (referrer !== undefined) touch.referrer = referrer;
  if (gclid !== undefined) touch.gclid = gclid;
  return touch;
}

function isPlainHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || !PLAIN_HTTP_URL.test(value)) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The beacon, when it is plainly valid; `undefined` when only the schema can tell.
 *
 * @example
 * const beacon = plainBeacon(JSON.parse(text)) ?? schemas().beaconSchema.safeParse(…);
 */
export function plainBeacon(value: unknown): Beacon | undefined {
  if (!isObject(value)) return undefined;
  const { touches, visitorId, pageUrl, referrer, consent } = value;
  if (consent !== undefined && (typeof consent !== 'string' || !CONSENT_SOURCE_PATTERN.test(consent)))
    return undefined;
  if (!Array.isArray(touches) || touches.length < 1 || touches.length > 4) return undefined;
  if (typeof visitorId !== 'string' || !VISITOR_ID_PATTERN.test(visitorId)) return undefined;
  if (!isPlainHttpUrl(pageUrl) || !optionalText(referrer)) return undefined;
  const parsed: Touch[] = [];
  for (const item of touches) {
    const touch = touchOf(item);
    if (!touch) return undefined;
    parsed.push(touch);
  }
  const beacon: Beacon = { touches: parsed, visitorId, pageUrl };
  if (referrer !== undefined) beacon.referrer = referrer;
  if (consent !== undefined) beacon.consent = consent;
  return beacon;
}
