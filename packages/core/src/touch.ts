import type { NetworkId } from './networks';

/**
 * One recognised affiliate click.
 *
 * `landingUrl` and `referrer` travel in the beacon but are not kept in cookies (they would not
 * fit two touches under 1 KB), so a touch read back from a cookie has neither.
 */
export interface Touch {
  network: NetworkId;
  /** The click token exactly as the landing URL carried it (decoded once, never trimmed or re-cased). */
  clickId: string;
  /** When the click was captured, in milliseconds since the epoch. */
  capturedAt: number;
  /** The page the click landed on. */
  landingUrl?: string;
  /** `document.referrer` (or the request's Referer) at capture time. */
  referrer?: string;
  /** Google click id seen beside an AvantLink click; sent as `google_click_id`. */
  gclid?: string;
}
