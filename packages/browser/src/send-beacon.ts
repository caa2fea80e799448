/** The two browser APIs a beacon can go through; a parameter so that tests can stand in for them. */
export interface BeaconTransport {
  navigator?: { sendBeacon?: (url: string, data?: BodyInit | null) => boolean };
  fetch?: (url: string, init?: RequestInit) => Promise<unknown>;
}

/**
 * Sends a JSON string to `endpoint` and survives the page being left: `navigator.sendBeacon` first, with the
 * string as a `text/plain` body (no CORS preflight); `fetch` with `keepalive` when sendBeacon is missing,
 * throws or refuses (a blocker, or the 64 KiB queue is full). Fire and forget: a failed fetch is swallowed.
 * Returns whether sendBeacon took it (false: it went by fetch), for debug logging.
 *
 * @example
 * sendBeacon('/affiliate-relay/collect', JSON.stringify(body));
 */
export function sendBeacon(endpoint: string, body: string, transport: BeaconTransport = globalThis): boolean {
  try {
    // No navigator or no sendBeacon throws a TypeError: caught, as a throwing sendBeacon is.
    if (transport.navigator!.sendBeacon!(endpoint, body)) return true;
  } catch {
    // Falls back to fetch below.
  }
  transport.fetch?.(endpoint, { method: 'POST', body, keepalive: true }).catch(() => undefined);
  return false;
}
