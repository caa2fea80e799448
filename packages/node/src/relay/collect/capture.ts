import type { IncomingMessage } from 'node:http';
import {
  captureAnyTouches,
  isErrorNamed,
  mergeAnyTouches,
  newVisitorId,
  RelayClosedError,
  type StoreError,
  type Touch,
} from '@affiliate-relay/core';
import { landingRules } from '../../delivery/network';
import { type Attribution, readAttribution } from '../cookie/read-attribution';
import { consentToKeep, writeMerged } from '../cookie/server-cookie';
import { parseCookieHeader } from '../incoming/cookie-header';
import type { RelayInternals } from '../internals';
import { recordClicks } from './click-tracking';
import type { CollectContext } from './collect';
import { refusedConsent } from './consent-gate';
import { toWebRequest } from './node-listener';

/** What {@link Relay.captureFromRequest} returns. */
export interface CaptureResult {
  /** `Set-Cookie` values to add to the page's response; empty when the URL brought no new click. */
  setCookie: string[];
  /** The attribution after this request: what `attributionFrom` reads on the next one. */
  attribution: Attribution;
  /** The new clicks this request brought (none when they could not be stored). */
  added: Touch[];
  /**
   * Set when the relay's `consent` rule refused to capture this landing's clicks, and why: `gpc` (the
   * request sent `Sec-GPC: 1`), `denied` (`consent.allows` said no) or `unknown` (it could not
   * tell: that fails closed). Nothing was then stored or sent; `attribution` is what the request
   * already held. Absent when consent allowed it, or the URL brought no click to ask about.
   */
  refused?: 'gpc' | 'denied' | 'unknown';
  /**
   * Set when the delivery store could not record the new clicks: then no cookie is set (`setCookie`
   * is empty), so that the browser script's beacon records them later. The page is served as usual.
   */
  error?: StoreError;
}

/** A landing request: a Web `Request`, or Node's `IncomingMessage` (`node:http`, Express, Fastify's `request.raw`). */
export type CaptureRequest = Request | IncomingMessage;

/**
 * Captures the clicks of a server-rendered landing (`?avad=…`, `?clickSource=aflite&clickSessionID=…`)
 * without waiting for the browser script: the same merge, cookie and AvantLink click call as a
 * beacon, from the request's URL and `Referer`. Only with consent: see {@link CaptureResult.refused}.
 */
export async function captureFromRequest(
  relay: RelayInternals,
  source: CaptureRequest,
  context: CollectContext = {},
): Promise<CaptureResult> {
  if (relay.closed) throw new RelayClosedError('captureFromRequest');
  const { config } = relay;
  // A Web Request has headers.get (checked by shape, not instanceof: another realm's Request counts).
  const isWeb = typeof (source.headers as Headers | undefined)?.get === 'function';
  const node = isWeb ? undefined : (source as IncomingMessage);
  // Only the URL and headers are read: the body of the shop's request is left for the shop.
  const request = node ? toWebRequest(node) : (source as Request);
  if (node?.socket?.remoteAddress && context.remoteAddress === undefined) {
    context = { ...context, remoteAddress: node.socket.remoteAddress };
  }
  const cookies = parseCookieHeader(request.headers.get('cookie'));
  const stored = await readAttribution(cookies, config.serverCookie);
  const referrer = request.headers.get('referer') ?? undefined;
  // Core's rules for the built-in networks, each other network's own (its definition's `captureClick`).
  const captured = captureAnyTouches(request.url, landingRules(config.networks), {
    ...(referrer ? { referrer } : {}),
  });
  const { seen: _seen, ...previous } = stored;
  if (captured.length === 0) return { setCookie: [], attribution: previous, added: [] };
  // Asked only when there is a click to capture: a page view without one stores nothing anyway.
  const refused = refusedConsent(config, {
    operation: 'capture',
    url: request.url,
    headers: request.headers,
    cookies,
  });
  if (refused) return { setCookie: [], attribution: previous, added: [], refused };
  // The browser cookie counts as known here: the landing's script has not run yet, so it holds
  // only earlier clicks, and a reload of the landing is not a new click.
  const merged = mergeAnyTouches(stored.touches, captured, stored.seen);
  const fresh = merged.added.filter((touch) => merged.touches.includes(touch));
  const visitorId = stored.visitorId ?? newVisitorId();
  if (fresh.length === 0) return { setCookie: [], attribution: previous, added: [] };
  const userAgent = request.headers.get('user-agent') ?? stored.userAgent;
  // Consent as the server's own rule gave it (see ConsentRecord).
  const consent = consentToKeep(
    stored.consent,
    config.consent.allows ? 'server-rule' : 'no-rule',
    Date.now(),
  );
  const cookie = await writeMerged(config.serverCookie, visitorId, merged, userAgent, consent);
  try {
    await recordClicks(relay, fresh, {
      visitorId,
      pageUrl: request.url,
      referrer,
      userAgent: request.headers.get('user-agent') ?? '',
      forwardedFor: request.headers.get('x-forwarded-for'),
      ...context,
    });
  } catch (error) {
    if (!isErrorNamed(error, 'StoreError')) throw error;
    return { setCookie: [], attribution: previous, added: [], error };
  }
  // As the cookie holds it: what `attributionFrom` reads next time.
  const { held } = cookie;
  const attribution: Attribution = {
    visitorId,
    touches: held.touches,
    source: 'server-cookie',
    ...(held.userAgent ? { userAgent: held.userAgent } : {}),
    ...(held.consent ? { consent: held.consent } : {}),
  };
  return { setCookie: [cookie.setCookie, cookie.ack], attribution, added: fresh };
}
