import {
  COOKIE_NAMES,
  captureTouches,
  decodeTouches,
  encodeTouches,
  mergeTouches,
  type Touch,
} from '@affiliate-relay/core';
import { beaconBody } from './beacon-body';
import { cookieAttributes } from './cookie-attributes';
import { acceptsCookieDomain, readCookie, removeCookie, writeCookie } from './cookie-jar';
import { log } from './log';
import { type AffiliateRelayOptions, resolveOptions, type ScriptTagData } from './options';
import { registrableDomain } from './registrable-domain';
import { sendBeacon } from './send-beacon';
import { onUrlChange } from './url-changes';
import { isVisitorId, newVisitorId } from './visitor-id';

/** What {@link init} returns: consent controls and what the script holds. */
export interface AffiliateRelay {
  /** Stores and beacons what was captured while consent was pending, and everything from now on. */
  grantConsent(): void;
  /** Removes the cookies the script wrote, forgets what it holds, and stores and sends nothing more. */
  revokeConsent(): void;
  /** The touches held: one per network, the newest click of each. */
  touches(): Touch[];
  /** The anonymous visitor id, or undefined while consent is not granted. */
  visitorId(): string | undefined;
}

/**
 * Where the running instance is kept: on the window, under a registered symbol, so that every copy of the
 * script in the page (two tags, the npm build beside the script tag) finds the same one.
 */
export const INSTANCE = Symbol.for('affiliate-relay');

/**
 * Starts the script: captures affiliate clicks from the URL now and after every single-page-app navigation,
 * keeps them in the first-party cookie `ar_touches` with an anonymous visitor id `ar_vid`, and beacons every
 * new click to the shop's collect endpoint. Never throws into the page: each step is guarded. Also takes a
 * script tag's `dataset` (string values), which is how the script-tag build starts it.
 * Starts once per window: a second call (a second script tag, React StrictMode, HMR) returns the first
 * instance, whatever its options, so that one `revokeConsent()` stops the script for good.
 *
 * @example
 * import { init } from '@affiliate-relay/browser';
 *
 * const relay = init({ consent: 'pending' });
 * consentBanner.onAccept(() => relay.grantConsent());
 */
export function init(options: AffiliateRelayOptions | ScriptTagData = {}): AffiliateRelay {
  const page = globalThis as { [INSTANCE]?: AffiliateRelay };
  if (__AR_DEBUG_BUILD__ && page[INSTANCE]) {
    const message = 'already started in this window: init returns the first instance, ignoring these options';
    log(resolveOptions(options), message, options);
  }
  page[INSTANCE] ??= start(options);
  return page[INSTANCE];
}

function start(options: AffiliateRelayOptions | ScriptTagData): AffiliateRelay {
  const config = resolveOptions(options);
  let granted = config.consent === 'granted';
  // Captured in this page, kept in memory only: what consent pending may still hold.
  let held: Touch[] = [];
  let stored: Touch[] = [];
  let visitor: string | undefined;
  let domain: string | undefined;

  const guard = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      if (__AR_DEBUG_BUILD__) log(config, 'error', error);
      try {
        config.onError?.(error);
      } catch {
        // A throwing onError must not reach the page either.
      }
    }
  };

  const attributes = () => {
    domain ??= config.cookieDomain ?? registrableDomain(location.hostname, acceptsCookieDomain) ?? '';
    return cookieAttributes(config.windowDays, location.protocol === 'https:', domain);
  };

  const persist = () => {
    // What this page stored counts as known as well as the cookie: when a write did not stick (cookies blocked,
    // a wrong cookie domain), every URL change would otherwise beacon the same click again as a new visitor.
    const known = mergeTouches(stored, decodeTouches(readCookie(COOKIE_NAMES.browserTouches))).touches;
    // A touch from the future (stored while the device clock ran ahead) would outrank every newer click of its
    // network. Its click came before any this page saw (or, with none, before now): it is moved back to then,
    // as the server clamps what it is sent.
    const now = Date.now();
    const before = Math.min(now, ...held.map((touch) => touch.capturedAt));
    const { touches, added } = mergeTouches(
      known.map((touch) => (touch.capturedAt > now ? { ...touch, capturedAt: before } : touch)),
      held,
    );
    const found = readCookie(COOKIE_NAMES.visitorId);
    const id = isVisitorId(found) ? found : (visitor ?? newVisitorId());
    stored = touches;
    visitor = id;
    // The visitor id exists for the networks' visitor_id: it is stored only with a click (never on a plain page
    // view), and a new click renews it, so that both cookies last the whole window.
    if (added.length === 0) return;
    writeCookie(COOKIE_NAMES.visitorId, id, attributes());
    writeCookie(COOKIE_NAMES.browserTouches, encodeTouches(touches), attributes());
    const body = beaconBody(touches, id, location.href, document.referrer);
    const via = sendBeacon(config.endpoint, JSON.stringify(body));
    if (__AR_DEBUG_BUILD__) log(config, `new click, sent by ${via}`, body);
  };

  const scan = () =>
    guard(() => {
      const captured = captureTouches(location.href, { referrer: document.referrer });
      held = mergeTouches(held, captured).touches;
      if (__AR_DEBUG_BUILD__) log(config, 'captured', captured);
      if (granted) persist();
    });

  guard(() => onUrlChange(scan));
  scan();

  return {
    grantConsent: () => {
      granted = true;
      scan();
    },
    revokeConsent: () => {
      granted = false;
      held = stored = [];
      visitor = undefined;
      guard(() => {
        // Nothing to remove for a visitor who never had the cookies: no domain probe, no deletion cookies.
        if (!readCookie(COOKIE_NAMES.browserTouches) && !readCookie(COOKIE_NAMES.visitorId)) return;
        removeCookie(COOKIE_NAMES.browserTouches, attributes());
        removeCookie(COOKIE_NAMES.visitorId, attributes());
      });
    },
    touches: () => (granted ? stored : held).slice(),
    visitorId: () => visitor,
  };
}
