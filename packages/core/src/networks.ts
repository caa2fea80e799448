/**
 * Every supported network, in a stable order: the one list of network ids. {@link NetworkId}, {@link isNetworkId},
 * the beacon schema and the node package's types are all derived from it.
 */
export const NETWORKS = ['avantlink', 'aflite'] as const;

/** The affiliate networks the relay speaks to. */
export type NetworkId = (typeof NETWORKS)[number];

/**
 * Landing parameters, spelled exactly as the networks write them. Names match case-sensitively;
 * only the value of `clickSource` is compared without case.
 */
export const LANDING_PARAMS = {
  /** AvantLink's click token (`?avad=77_f3afbe121`). */
  avad: 'avad',
  /** Aflite marks its clicks with `clickSource=aflite`. */
  clickSource: 'clickSource',
  /** Aflite's click id. */
  clickSessionId: 'clickSessionID',
  /** Google's click id, kept beside an AvantLink touch for `google_click_id`. */
  gclid: 'gclid',
} as const;

/** The value of `clickSource` that marks an Aflite click (compared without case). */
export const AFLITE_CLICK_SOURCE = 'aflite';

/** Cookie names shared by the browser script (which writes) and the server (which reads). */
export const COOKIE_NAMES = {
  /** First-party cookie written by the browser script: the encoded touches. */
  browserTouches: 'ar_touches',
  /** Anonymous visitor id, written by the browser script and read by the server. */
  visitorId: 'ar_vid',
  /** HttpOnly cookie set by the shop's server: the signed touches. */
  serverTouches: 'ar_attr',
  /**
   * Readable (not HttpOnly) cookie set by the shop's server beside `ar_attr`: the hashes (`clickHash`) of the touches
   * it signed, joined by `.`. The script compares it with its own touches and resends a lost beacon.
   */
  serverAck: 'ar_ack',
} as const;

/** Default attribution window of every network, in days. Default: 30. */
export const DEFAULT_WINDOW_DAYS = 30;

/** Browsers cap any cookie at 400 days (Chrome); a longer window cannot be stored. */
export const MAX_COOKIE_DAYS = 400;

/**
 * A click id larger than this, in bytes once percent-encoded (as both cookies store it), is not a click: it is
 * an attack or a broken link. Two of them with a gclid fit a browser's 4 KB cookie with room to spare.
 */
export const MAX_CLICK_ID_BYTES = 512;

/** @deprecated The limit is in bytes (percent-encoded), not characters: use {@link MAX_CLICK_ID_BYTES}. */
export const MAX_CLICK_ID_LENGTH = MAX_CLICK_ID_BYTES;

/** Path of the collect endpoint the browser beacons to, on the shop's own origin. */
export const DEFAULT_COLLECT_PATH = '/affiliate-relay/collect';

/**
 * Where a checkout hand-off (`relay.createHandoff`) travels, shared by the browser's hand-off entry (which writes)
 * and the server's platform helpers (which read).
 */
export const HANDOFF_NAMES = {
  /** The Shopify cart attribute (`/cart/update.js`), `note_attributes` in `orders/create`; `_` hides it at checkout. */
  cartAttribute: '_ar_handoff',
  /** A hidden form field's name, or a URL parameter's. */
  field: 'ar_handoff',
  /** Path of the relay's hand-off endpoint on the shop's own origin, as the examples and the demo mount it. */
  path: '/affiliate-relay/handoff',
} as const;

export const DAY_MS = 86_400_000;

/**
 * Whether a value is one of {@link NETWORKS}.
 *
 * @example
 * isNetworkId('avantlink'); // → true
 */
export function isNetworkId(value: unknown): value is NetworkId {
  return (NETWORKS as readonly unknown[]).includes(value);
}
