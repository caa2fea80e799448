import {
  ackValue,
  COOKIE_NAMES,
  decodeAnyTouchState,
  encodeAnyTouches,
  isVisitorId,
  type MergeResult,
  type SeenClick,
  type Touch,
  ValidationError,
} from '@affiliate-relay/core';
import { type SetCookieAttributes, serializeSetCookie } from '../incoming/cookie-header';
import type { Signer } from './cookie-signer';
import {
  type ConsentRecord,
  decodeClickContext,
  encodeClickContext,
  withLandingUrls,
} from './server-cookie-context';

/*
 * The server cookie `ar_attr`, HttpOnly and signed:
 *
 *   <visitorId>|<encodeAnyTouches value>.<signature>
 *
 * e.g. `vis_3f2c1a97|2|a:77_f3afbe121:sx3k2p|s:a1x9k2f.Qm9…` (43 base64url characters of HMAC-SHA256).
 * The touches part is core's versioned value (version 2 with the clicks seen before; version 1 is still read),
 * followed by the user agent and landing URLs of `server-cookie-context.ts`, which core's decoder skips.
 * The visitor id rides along because Safari deletes script cookies (`ar_vid` too) after 7 days.
 * It never contains `|`, so the first `|` ends it. `encodeAnyTouches` output may contain `.` (inside
 * percent-encoded ids), so the signature starts after the LAST `.`. The signed text is
 * `ar_attr=<payload>`: a value signed for one cookie name is not valid under another.
 */

/** What the server cookie holds. */
export interface ServerCookieValue {
  visitorId: string;
  touches: Touch[];
  /** Clicks seen before (`mergeAnyTouches`), so that Back to an older landing is no new click. Default: none. */
  seen?: SeenClick[];
  /**
   * The shopper's user agent at the click, kept (with each touch's `landingUrl`) for an order recorded later
   * without a request. Default: none.
   */
  userAgent?: string;
  /** Where the consent to track came from, and when (absent in a cookie written before it was kept). */
  consent?: ConsentRecord;
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
  /**
   * The `Set-Cookie` header values of `ar_attr` and of `ar_ack` for these touches, and what the cookie holds (what
   * `read` gives back: a cookie too long for a browser loses parts first), without verifying the signature just made.
   */
  write(value: ServerCookieValue): Promise<WrittenServerCookie>;
  /** The cookie's content when its signature holds under a current secret; else `undefined`. */
  read(rawValue: string | undefined): Promise<ServerCookieValue | undefined>;
  /**
   * `Set-Cookie` values that expire this cookie, `ar_ack`, and the script's `ar_touches` and `ar_vid` (with this
   * cookie's domain and path: where the script wrote them elsewhere, it removes them itself).
   */
  expire(): string[];
}

/** What {@link ServerCookie.write} gives. */
export interface WrittenServerCookie {
  /** The `Set-Cookie` header value of the signed cookie. */
  setCookie: string;
  /**
   * The `Set-Cookie` header value of `ar_ack`, sent beside it: the keys (core's `ackValue`) of the touches that the
   * signed cookie holds, readable by the script (not HttpOnly, otherwise the same attributes), which resends a
   * beacon whose click is not acknowledged. It holds no click id, and grants nothing: only `ar_attr` is trusted.
   */
  ack: string;
  /** What the signed cookie holds, as `read` gives it back. */
  held: ServerCookieValue;
}

/**
 * The server cookie after a merge (`mergeAnyTouches`): its touches and the clicks seen, for this visitor, with the
 * user agent when one is known (the request's, else the one the cookie kept); `ar_attr` and `ar_ack` both.
 *
 * @example
 * const { setCookie, ack } = await writeMerged(config.serverCookie, visitorId, merged, userAgent);
 */
export function writeMerged(
  cookie: ServerCookie,
  visitorId: string,
  merged: Pick<MergeResult, 'touches' | 'seen'>,
  userAgent: string | undefined,
  consent?: ConsentRecord,
): Promise<WrittenServerCookie> {
  return cookie.write({
    visitorId,
    touches: merged.touches,
    seen: merged.seen,
    ...(userAgent ? { userAgent } : {}),
    ...(consent ? { consent } : {}),
  });
}

/**
 * The consent record to keep: the one the cookie holds when it names the same source (so its time stays the
 * first time the server learnt of it), else a new one from now.
 *
 * @example
 * consentToKeep(stored.consent, beacon.consent ?? 'script', Date.now());
 */
export function consentToKeep(held: ConsentRecord | undefined, source: string, now: number): ConsentRecord {
  return held?.source === source ? held : { source, at: now };
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
  async function sign(value: ServerCookieValue): Promise<{ payload: string; setCookie: string }> {
    if (!isVisitorId(value.visitorId)) {
      throw new ValidationError('The server cookie', [{ path: 'visitorId', message: 'is not cookie-safe' }]);
    }
    const payload = fitPayload(value, MAX_PAIR_LENGTH - name.length - 1 - SIGNATURE_LENGTH);
    const signature = await signer.sign(signed(payload));
    return { payload, setCookie: serializeSetCookie(name, `${payload}.${signature}`, attributes) };
  }
  return {
    name,
    async serialize(value) {
      return (await sign(value)).setCookie;
    },
    async write(value) {
      const { payload, setCookie } = await sign(value);
      // Read back from the payload just signed: what the cookie holds, with no second HMAC to verify it.
      const held = decodePayload(payload)!;
      const ack = serializeSetCookie(COOKIE_NAMES.serverAck, ackValue(held.touches), {
        ...attributes,
        httpOnly: false,
      });
      return { setCookie, ack, held };
    },
    expire() {
      const gone = { ...attributes, maxAgeSeconds: 0 };
      const readable = { ...gone, httpOnly: false };
      return [
        serializeSetCookie(name, '', gone),
        serializeSetCookie(COOKIE_NAMES.serverAck, '', readable),
        serializeSetCookie(COOKIE_NAMES.browserTouches, '', readable),
        serializeSetCookie(COOKIE_NAMES.visitorId, '', readable),
      ];
    },
    async read(rawValue) {
      if (typeof rawValue !== 'string' || rawValue.length > MAX_PAIR_LENGTH) return undefined;
      const dot = rawValue.lastIndexOf('.');
      if (dot === -1) return undefined;
      const payload = rawValue.slice(0, dot);
      if (!(await signer.verify(signed(payload), rawValue.slice(dot + 1)))) return undefined;
      return decodePayload(payload);
    },
  };
}

// A signed payload's content (the signature already checked, or just made).
function decodePayload(payload: string): ServerCookieValue | undefined {
  const bar = payload.indexOf('|');
  const visitorId = payload.slice(0, bar);
  if (bar === -1 || !isVisitorId(visitorId)) return undefined;
  const rest = payload.slice(bar + 1);
  const { touches, seen } = decodeAnyTouchState(rest);
  const { consent, userAgent, landingUrls } = decodeClickContext(rest.split('|'));
  return {
    visitorId,
    touches: withLandingUrls(touches, landingUrls),
    ...(seen.length > 0 ? { seen } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(consent ? { consent } : {}),
  };
}

/**
 * The payload, made to fit a browser's cookie limit. Typical clicks take about 140 bytes, and every
 * id core accepts (512 bytes percent-encoded at most) fits with room to spare; this is a safety net, since
 * a cookie too long would be dropped whole. So what matters least goes first: gclids, then the oldest
 * touches (the newest click is what last-click attribution needs). Before those go the landing URLs and the
 * user agent, which only fill in an order recorded without a request.
 */
function fitPayload(value: ServerCookieValue, maxLength: number): string {
  let touches = [...value.touches];
  let { userAgent } = value;
  for (;;) {
    const context = encodeClickContext({ consent: value.consent, userAgent, touches });
    const payload = `${value.visitorId}|${encodeAnyTouches(touches, value.seen)}${context}`;
    if (payload.length <= maxLength || touches.length === 0) return payload;
    const withUrl = touches.findIndex((touch) => touch.landingUrl !== undefined);
    if (withUrl !== -1) {
      const { landingUrl: _dropped, ...rest } = touches[withUrl]!;
      touches = touches.map((touch, index) => (index === withUrl ? rest : touch));
      continue;
    }
    if (userAgent) {
      userAgent = undefined;
      continue;
    }
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
