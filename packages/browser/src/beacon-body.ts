import {
  type Beacon,
  MAX_BEACON_BYTES,
  MAX_BEACON_URL_LENGTH as MAX_URL_LENGTH,
  type Touch,
} from '@affiliate-relay/core';

/** How many characters shorter the page URL and referrer get in each round that still does not fit. */
const CUT_STEP = 256;

/**
 * Builds the beacon, at most 8 KiB of JSON (the collect endpoint's limit). URLs are cut to 2,048 characters, an
 * empty referrer is left out, and so is a touch's landingUrl or referrer that is the page's own (both are optional;
 * the server reads the beacon's). When the JSON is still too large, every touch's URLs are left out, then the
 * page URL and referrer are cut shorter until it fits: click ids and capture times are what must arrive.
 *
 * @example
 * beaconBody(touches, visitorId, location.href, document.referrer);
 */
export function beaconBody(
  touches: readonly Touch[],
  visitorId: string,
  pageUrl: string,
  referrer?: string,
  /** Where consent came from (`grantConsent`'s source); left out when undefined. */
  consent?: string,
): Beacon {
  let max = MAX_URL_LENGTH;
  // Round 0 keeps the touches' other URLs, round 1 leaves them out, each later round cuts CUT_STEP more.
  for (let round = 0; ; round++) {
    const cut = (url?: string, page?: string) => (url && url !== page ? url.slice(0, max) : undefined);
    const body: Beacon = {
      touches: touches.map((touch) => ({
        ...touch,
        landingUrl: round ? undefined : cut(touch.landingUrl, pageUrl),
        referrer: round ? undefined : cut(touch.referrer, referrer),
      })),
      visitorId,
      pageUrl: cut(pageUrl) as string,
      referrer: cut(referrer),
      consent,
    };
    // The UTF-8 byte length. A Blob's size is too, but making a Blob took 1.6 ms against TextEncoder's 0.03 ms in
    // Chromium at CPU ×4 (script25). The touches alone (two at most) take under 5 KiB, so it ends early.
    if (max <= CUT_STEP || new TextEncoder().encode(JSON.stringify(body)).length <= MAX_BEACON_BYTES)
      return body;
    if (round) max -= CUT_STEP;
  }
}
