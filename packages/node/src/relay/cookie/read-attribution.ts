import {
  COOKIE_NAMES,
  decodeTouchState,
  isVisitorId,
  type SeenClick,
  type Touch,
} from '@affiliate-relay/core';
import { schemas } from '../../lazy-schemas';
import { parseCookieHeader } from '../incoming/cookie-header';
import type { ServerCookie } from './server-cookie';

/**
 * The clicks a visitor brought, read from cookies: plain JSON, so a shop can save it with a cart
 * and hand it back to `recordConversion` in a payment webhook, where no cookie exists.
 */
export interface Attribution {
  /** The anonymous visitor id (sent to AvantLink as `visitor_id`). */
  visitorId?: string;
  /** At most one touch per network, the newest of each. */
  touches: Touch[];
  /** Where it was read: `server-cookie` (signed, HttpOnly), `browser-cookie` (the script's, unsigned) or `none`. */
  source: 'server-cookie' | 'browser-cookie' | 'none';
  /**
   * The shopper's browser user agent at the click (server cookie only). With each touch's `landingUrl`, it fills
   * AvantLink's `user_agent` and `current_url` for an order recorded later without a request (a webhook).
   */
  userAgent?: string;
  /**
   * Where the consent to track this visitor came from (`source`: the browser script's consent source that
   * granted, such as `'gcm'`, `'tcf'`, `'shopify'`, `'manual'`; `'script'`, `'server-rule'` or `'no-rule'`) and
   * when the server learnt of it (`at`, ms since the epoch). Server cookie only; absent in one written before
   * the relay kept it.
   */
  consent?: { source: string; at: number };
}

/** Anything that carries a `Cookie` header: a Web `Request`, a Node/Express request, or the header itself. */
export type CookieSource =
  | Request
  | { headers: Headers | Record<string, string | string[] | undefined> }
  | string
  | null
  | undefined;

/**
 * The `Cookie` header of a request-like value.
 *
 * @example
 * cookieHeaderOf(request); // 'ar_attr=…; ar_vid=…'
 */
export function cookieHeaderOf(source: CookieSource): string | undefined {
  if (typeof source === 'string') return source;
  if (!source || typeof source !== 'object' || !source.headers) return undefined;
  const { headers } = source;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('cookie') ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>).cookie;
  return Array.isArray(value) ? value.join('; ') : value;
}

/**
 * Reads the attribution from parsed cookies: the signed server cookie when its signature holds,
 * else the browser script's cookies (`ar_touches`, `ar_vid`). A server cookie that fails its
 * signature counts as absent: it is never trusted.
 *
 * @example
 * const attribution = await readAttribution(parseCookieHeader(header), serverCookie);
 */
export async function readAttribution(
  cookies: Record<string, string>,
  serverCookie: ServerCookie,
): Promise<StoredAttribution> {
  const server = await serverCookie.read(cookies[serverCookie.name]);
  if (server) {
    const { visitorId, touches, seen = [], userAgent, consent } = server;
    return {
      visitorId,
      touches,
      source: 'server-cookie',
      ...(userAgent ? { userAgent } : {}),
      ...(consent ? { consent } : {}),
      seen,
    };
  }
  // The script's own cookie: it captures and writes the built-in networks only.
  const { touches, seen } = decodeTouchState(cookies[COOKIE_NAMES.browserTouches]);
  const visitor = cookies[COOKIE_NAMES.visitorId];
  const visitorId = isVisitorId(visitor) ? visitor : undefined;
  return {
    ...(visitorId ? { visitorId } : {}),
    touches,
    source: touches.length > 0 ? 'browser-cookie' : 'none',
    seen,
  };
}

/** An attribution as the cookies hold it, with the clicks seen before (which a saved attribution leaves out). */
export interface StoredAttribution extends Attribution {
  /** Clicks seen before, from the cookie read: a beacon announcing one of them again is no new click. */
  seen: SeenClick[];
}

/** Reads the attribution of a request-like value or a `Cookie` header. */
export async function readAttributionFrom(
  source: CookieSource,
  serverCookie: ServerCookie,
): Promise<Attribution> {
  const { seen: _seen, ...attribution } = await readAttribution(
    parseCookieHeader(cookieHeaderOf(source)),
    serverCookie,
  );
  return attribution;
}

/**
 * Checks an attribution that came back from storage (the object, or its JSON text). Throws a
 * ValidationError naming each bad field: a saved attribution is trusted only as far as it is valid.
 * Needs `loadSchemas()` first.
 *
 * @example
 * const attribution = parseSavedAttribution(cart.attributionJson);
 */
export function parseSavedAttribution(value: unknown): Attribution {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  const { parseOrThrow, savedAttributionSchema } = schemas();
  const data = parseOrThrow(savedAttributionSchema, parsed, 'attribution');
  return {
    ...(data.visitorId ? { visitorId: data.visitorId } : {}),
    touches: data.touches,
    source: data.source ?? (data.touches.length > 0 ? 'server-cookie' : 'none'),
    ...(data.userAgent ? { userAgent: data.userAgent } : {}),
    ...(data.consent ? { consent: data.consent } : {}),
  };
}
