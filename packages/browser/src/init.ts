import {
  COOKIE_NAMES,
  captureTouches,
  decodeTouchState,
  encodeTouches,
  isAcknowledged,
  mergeTouches,
  newVisitorId,
  type SeenClick,
  type Touch,
  VISITOR_ID_PATTERN,
} from '@affiliate-relay/core';
import { beaconBody } from './beacon-body';
import { cookieAttributes } from './cookie-attributes';
import { acceptsCookieDomain, readCookie, removeCookie, writeCookie } from './cookie-jar';
import { log } from './log';
import { unknownOptionWarnings } from './option-names';
import { type AffiliateRelayOptions, resolveOptions, type ScriptTagData } from './options';
import { registrableDomain } from './registrable-domain';
import { sendBeacon } from './send-beacon';
import { onUrlChange } from './url-changes';
import { INSTANCE } from './window-instance';

/** What {@link init} returns: consent controls and what the script holds. */
export interface AffiliateRelay {
  /**
   * Stores and beacons what was captured while consent was pending, and everything from now on. `source` names
   * where the consent came from, for the server's signed cookie (1 to 32 of `a-z 0-9 _ -`; the consent entry
   * passes `'gcm'`, `'tcf'`, `'shopify'`). Default: `'manual'`.
   */
  grantConsent(source?: string): void;
  /**
   * Removes the cookies the script wrote, forgets what it holds, and stores and sends nothing more. When the
   * visitor had cookies, tells the collect endpoint (a withdrawal beacon): it expires the server's cookies,
   * `ar_attr` included, and drops the visitor's click calls not yet sent.
   */
  revokeConsent(): void;
  /** The touches held: one per network, the newest click of each. */
  touches(): Touch[];
  /** The anonymous visitor id, or undefined while consent is not granted. */
  visitorId(): string | undefined;
}

export { INSTANCE } from './window-instance';

/** How many times a beacon the server did not acknowledge is sent again, on later page loads. */
export const MAX_RESENDS = 3;

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
  if (__AR_DEBUG_BUILD__) {
    // A typo is ignored (init never throws): the debug entry says which name, and the one meant.
    try {
      for (const warning of unknownOptionWarnings(options)) console.warn(`[affiliate-relay] ${warning}`);
    } catch {
      // Never into the page, not even from a stubbed console.
    }
  }
  if (__AR_DEBUG_BUILD__ && page[INSTANCE]) {
    const message = 'already started in this window: init returns the first instance, ignoring these options';
    log(resolveOptions(options), message, options);
  }
  page[INSTANCE] ??= start(options);
  return page[INSTANCE];
}

function start(options: AffiliateRelayOptions | ScriptTagData): AffiliateRelay {
  const config = resolveOptions(options);
  let granted = config.granted;
  // Where consent came from, for the beacon (undefined: the script did not wait for consent).
  let from: string | undefined;
  // Captured in this page, kept in memory only: what consent pending may still hold.
  let held: Touch[] = [];
  let stored: Touch[] = [];
  // Clicks seen before (replaced by a newer one) in this page; the cookie keeps them beside the touches.
  let seen: SeenClick[] = [];
  // Whether this page load has compared its touches with the server's acknowledgement (once, on its first store).
  let checked = false;
  let visitor: string | undefined;
  let domain: string | undefined;

  const guard = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      if (__AR_DEBUG_BUILD__) log(config, 'error', error);
      try {
        // Without onError this throws a TypeError, caught as a throwing onError is.
        config.onError!(error);
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
    const cookie = decodeTouchState(readCookie(COOKIE_NAMES.browserTouches));
    // A touch from the future (stored while the device clock ran ahead) would outrank every newer click of its
    // network. Its click came before any this page saw (or, with none, before now): it is moved back to then,
    // as the server clamps what it is sent.
    const now = Date.now();
    const before = Math.min(now, ...held.map((touch) => touch.capturedAt));
    // A click seen before (Back to an older landing) is no new click: it changes nothing and sends nothing.
    const merged = mergeTouches(
      [...stored, ...cookie.touches].map((touch) =>
        touch.capturedAt > now ? { ...touch, capturedAt: before } : touch,
      ),
      held,
      [...seen, ...cookie.seen],
    );
    const { touches, added } = merged;
    const found = readCookie(COOKIE_NAMES.visitorId);
    // found is a string or undefined: the pattern alone decides (isVisitorId would check the type again).
    const id = VISITOR_ID_PATTERN.test(found ?? '') ? found! : (visitor ?? newVisitorId());
    visitor = id;
    stored = touches;
    seen = merged.seen;
    // A beacon the server did not acknowledge (`ar_ack`: lost to a network blip, a closed tab, a 5xx) is sent
    // again on a later page load, at most MAX_RESENDS times for the same touches; a new click starts the count over.
    const ack = readCookie(COOKIE_NAMES.serverAck);
    const resend =
      !checked && cookie.resent < MAX_RESENDS && touches.some((touch) => !isAcknowledged(ack, touch));
    checked = true;
    // The visitor id exists for the networks' visitor_id: it is stored only with a click (never on a plain page
    // view), and a new click renews it, so that both cookies last the whole window.
    if (added.length === 0 && !resend) return;
    writeCookie(COOKIE_NAMES.visitorId, id, attributes());
    writeCookie(
      COOKIE_NAMES.browserTouches,
      encodeTouches(touches, seen, added.length ? 0 : cookie.resent + 1),
      attributes(),
    );
    const body = beaconBody(touches, id, location.href, document.referrer, from);
    const beaconed = sendBeacon(config.endpoint, JSON.stringify(body));
    if (__AR_DEBUG_BUILD__)
      log(
        config,
        `${added.length > 0 ? 'new click' : 'resent'}, sent by ${beaconed ? 'beacon' : 'fetch'}`,
        body,
      );
  };

  const scan = () =>
    guard(() => {
      const captured = captureTouches(location.href, { referrer: document.referrer });
      ({ touches: held, seen } = mergeTouches(held, captured, seen));
      if (__AR_DEBUG_BUILD__) log(config, 'captured', captured);
      if (granted) persist();
    });

  guard(() => onUrlChange(scan));
  scan();

  return {
    grantConsent: (source = 'manual') => {
      granted = true;
      from = source;
      scan();
    },
    revokeConsent: () => {
      granted = false;
      held = stored = [];
      seen = [];
      visitor = undefined;
      guard(() => {
        const names = [COOKIE_NAMES.browserTouches, COOKIE_NAMES.visitorId, COOKIE_NAMES.serverAck];
        // Nothing to remove or withdraw for a visitor who never had the cookies (ar_ack alone: a landing the
        // server captured): no domain probe, no deletion cookies, no beacon.
        if (!names.some(readCookie)) return;
        // The server expires ar_attr (HttpOnly: the script cannot) and drops the clicks it has not sent yet, for
        // the visitor its signed cookie names (sent with this beacon: ar_attr is the server's, never removed here).
        sendBeacon(config.endpoint, '{"withdraw":true}');
        // ar_ack too: the server's, but readable (removed here where the server set it on the same domain).
        for (const name of names) removeCookie(name, attributes());
      });
    },
    touches: () => (granted ? stored : held).slice(),
    visitorId: () => visitor,
  };
}
