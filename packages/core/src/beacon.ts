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
}

/** Largest beacon the collect endpoint accepts, in bytes of JSON: 8 KiB (a beacon with two touches is under 2 KB). */
export const MAX_BEACON_BYTES = 8192;

/** Longest page URL, referrer or landing URL a beacon may carry, in characters. */
export const MAX_BEACON_URL_LENGTH = 2048;
