import {
  COOKIE_NAMES,
  decodeTouches,
  encodeTouches,
  isVisitorId,
  type Touch,
  ValidationError,
} from '@affiliate-relay/core';
import { type SetCookieAttributes, serializeSetCookie } from './cookie-header';
import type { Signer } from './cookie-signer';

/*
 * The server cookie `ar_attr`, HttpOnly and signed:
 *
 *   <visitorId>|<encodeTouches value>.<signature>
 *
 * e.g. `vis_3f2c1a97|1|a:77_f3afbe121:sx3k2p.Qm9…` (43 base64url characters of HMAC-SHA256).
 * The visitor id rides along because Safari deletes script cookies (`ar_vid` too) after 7 days.
 * It never contains `|`, so the first `|` ends it. `encodeTouches` output may contain `.` (inside
 * percent-encoded ids), so the signature starts after the LAST `.`. The signed text is
 * `ar_attr=<payload>`: a value signed for one cookie name is not valid under another.
 */

/** What the server cookie holds. */
export interface ServerCookieValue {
  visitorId: string;
  touches: Touch[];
}

/** Browsers keep a cookie only while its name and value fit in 4096 bytes. */
const MAX_PAIR_LENGTH = 4096;
/** `.` and 43 characters of base64url HMAC-SHA256. */
const SIGNATURE_LENGTH = 44;

/** Reads and writes the signed server cookie. */
export interface ServerCookie {
  readonly name: string;
  /** The `Set-Cookie` header value for these touches. */
  serialize(value: ServerCookieValue): Promise<string>;
  /** The cookie's content when its signature holds under a current secret; else `undefined`. */
  read(rawValue: string | undefined): Promise<ServerCookieValue | undefined>;
}

/**
 * @example
 * const cookie = createServerCookie(createSigner(secret), { maxAgeSeconds: 2_592_000, httpOnly: true, secure: true, sameSite: 'Lax' });
 * headers.append('Set-Cookie', await cookie.serialize({ visitorId, touches }));
 */
export function createServerCookie(
  signer: Signer,
  attributes: SetCookieAttributes,
  name: string = COOKIE_NAMES.serverTouches,
): ServerCookie {
  const signed = (payload: string) => `${name}=${payload}`;
  return {
    name,
    async serialize(value) {
      if (!isVisitorId(value.visitorId)) {
        throw new ValidationError('The server cookie', [
          { path: 'visitorId', message: 'is not cookie-safe' },
        ]);
      }
      const payload = fitPayload(value, MAX_PAIR_LENGTH - name.length - 1 - SIGNATURE_LENGTH);
      const signature = await signer.sign(signed(payload));
      return serializeSetCookie(name, `${payload}.${signature}`, attributes);
    },
    async read(rawValue) {
      if (typeof rawValue !== 'string' || rawValue.length > MAX_PAIR_LENGTH) return undefined;
      const dot = rawValue.lastIndexOf('.');
      if (dot === -1) return undefined;
      const payload = rawValue.slice(0, dot);
      if (!(await signer.verify(signed(payload), rawValue.slice(dot + 1)))) return undefined;
      const bar = payload.indexOf('|');
      const visitorId = payload.slice(0, bar);
      if (bar === -1 || !isVisitorId(visitorId)) return undefined;
      return { visitorId, touches: decodeTouches(payload.slice(bar + 1)) };
    },
  };
}

/**
 * The payload, made to fit a browser's cookie limit. Typical clicks take about 140 bytes; only ids
 * of hundreds of non-ASCII characters (percent-encoded threefold) can pass the limit, and then a
 * cookie too long would be dropped whole. So what matters least goes first: gclids, then the
 * oldest touches (the newest click is what last-click attribution needs).
 */
function fitPayload(value: ServerCookieValue, maxLength: number): string {
  let touches = [...value.touches];
  for (;;) {
    const payload = `${value.visitorId}|${encodeTouches(touches)}`;
    if (payload.length <= maxLength || touches.length === 0) return payload;
    const withGclid = touches.findIndex((touch) => touch.gclid !== undefined);
    if (withGclid !== -1) {
      const { gclid: _dropped, ...rest } = touches[withGclid]!;
      touches = touches.map((touch, index) => (index === withGclid ? rest : touch));
      continue;
    }
    const oldest = touches.reduce((a, b) => (b.capturedAt < a.capturedAt ? b : a));
    touches = touches.filter((touch) => touch !== oldest);
  }
}
