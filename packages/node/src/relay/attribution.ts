import { COOKIE_NAMES, decodeTouches, isVisitorId, type Touch } from '@affiliate-relay/core';
import { parseOrThrow, touchSchema, visitorIdSchema } from '@affiliate-relay/core/schemas';
import * as z from 'zod';
import { parseCookieHeader } from './cookie-header';
import type { ServerCookie } from './server-cookie';

/** Where an attribution was read. */
export type AttributionSource = 'server-cookie' | 'browser-cookie' | 'none';

/**
 * The clicks a visitor brought, read from cookies: plain JSON, so a shop can save it with a cart
 * and hand it back to `recordConversion` in a payment webhook, where no cookie exists.
 */
export interface Attribution {
  /** The anonymous visitor id (sent to AvantLink as `visitor_id`). */
  visitorId?: string;
  /** At most one touch per network, the newest of each. */
  touches: Touch[];
  /** `server-cookie` (signed, HttpOnly), `browser-cookie` (the script's, unsigned) or `none`. */
  source: AttributionSource;
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
): Promise<Attribution> {
  const server = await serverCookie.read(cookies[serverCookie.name]);
  if (server) return { visitorId: server.visitorId, touches: server.touches, source: 'server-cookie' };
  const touches = decodeTouches(cookies[COOKIE_NAMES.browserTouches]);
  const visitor = cookies[COOKIE_NAMES.visitorId];
  const visitorId = isVisitorId(visitor) ? visitor : undefined;
  return {
    ...(visitorId ? { visitorId } : {}),
    touches,
    source: touches.length > 0 ? 'browser-cookie' : 'none',
  };
}

/** Reads the attribution of a request-like value or a `Cookie` header. */
export function readAttributionFrom(source: CookieSource, serverCookie: ServerCookie): Promise<Attribution> {
  return readAttribution(parseCookieHeader(cookieHeaderOf(source)), serverCookie);
}

const savedAttributionSchema = z.object({
  visitorId: visitorIdSchema.optional(),
  touches: z.array(touchSchema).max(4),
  source: z.enum(['server-cookie', 'browser-cookie', 'none']).optional(),
});

/**
 * Checks an attribution that came back from storage (the object, or its JSON text). Throws a
 * ValidationError naming each bad field: a saved attribution is trusted only as far as it is valid.
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
  const data = parseOrThrow(savedAttributionSchema, parsed, 'attribution');
  return {
    ...(data.visitorId ? { visitorId: data.visitorId } : {}),
    touches: data.touches,
    source: data.source ?? (data.touches.length > 0 ? 'server-cookie' : 'none'),
  };
}
