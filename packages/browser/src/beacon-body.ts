import type { Touch } from '@affiliate-relay/core';

/** The collect endpoint refuses longer URLs (core's `beaconSchema`). */
const MAX_URL_LENGTH = 2048;

/** What the script beacons to the shop's collect endpoint; valid for core's `beaconSchema`. */
export interface BeaconBody {
  touches: Touch[];
  visitorId: string;
  pageUrl: string;
  referrer?: string;
}

/**
 * Builds the beacon. URLs are cut to 2,048 characters so that one long query string cannot get the whole
 * beacon refused; an empty referrer is left out.
 *
 * @example
 * beaconBody(touches, visitorId, location.href, document.referrer);
 */
export function beaconBody(
  touches: readonly Touch[],
  visitorId: string,
  pageUrl: string,
  referrer?: string,
): BeaconBody {
  return {
    touches: touches.map((touch) => ({
      ...touch,
      landingUrl: cut(touch.landingUrl),
      referrer: cut(touch.referrer),
    })),
    visitorId,
    pageUrl: cut(pageUrl) as string,
    referrer: cut(referrer),
  };
}

function cut(url: string | undefined): string | undefined {
  return url ? url.slice(0, MAX_URL_LENGTH) : undefined;
}
