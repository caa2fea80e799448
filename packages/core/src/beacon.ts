import type { Touch } from './touch';

/**
 * What the browser script beacons to the shop's collect endpoint (JSON, as `text/plain`): the touches it holds, the
 * visitor id and the page. Checked on the server by core's `beaconSchema` (`@affiliate-relay/core/schemas`).
 */
export interface Beacon {
  /** One to four touches (one per network at most, as the script holds them). */
  touches: Touch[];
  /** The anonymous visitor id (`ar_vid`). */
  visitorId: string;
  /** The page the beacon is sent from. */
  pageUrl: string;
  /** `document.referrer`, when not empty. */
  referrer?: string;
  /**
   * Where the script's consent came from: the consent source that granted (`'gcm'`, `'tcf'`, `'shopify'`, or
   * `'manual'` for a `grantConsent()` by hand); absent when the script did not wait for consent. At most 32 of
   * `a-z 0-9 _ -`. The server keeps it, with the time, in its signed cookie.
   */
  consent?: string;
}

/**
 * What the browser script beacons when consent is withdrawn (`revokeConsent()`, or a consent source that now
 * denies): the collect endpoint answers with the server cookies expired and drops the visitor's pending click
 * calls. Checked by core's `withdrawalSchema`.
 */
export interface Withdrawal {
  withdraw: true;
  /** The visitor id the script held (`ar_vid`), when it had one: its pending clicks are dropped too. */
  visitorId?: string;
}

/** A consent source's name as a beacon carries it: 1 to 32 of `a-z 0-9 _ -`. */
export const CONSENT_SOURCE_PATTERN = /^[a-z0-9_-]{1,32}$/;

/** Largest beacon the collect endpoint accepts, in bytes of JSON: 8 KiB (a beacon with two touches is under 2 KB). */
export const MAX_BEACON_BYTES = 8192;

/** Longest page URL, referrer or landing URL a beacon may carry, in characters. */
export const MAX_BEACON_URL_LENGTH = 2048;
