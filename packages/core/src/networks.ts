/**
 * The built-in networks, in a stable order: the ones core has capture rules and one-letter cookie codes for, and the
 * only ones the browser script captures. Any other network is defined by the server alone (the node package's
 * `NetworkDefinition`) under an id of {@link NETWORK_ID_PATTERN}'s shape.
 */
export const NETWORKS = ['avantlink', 'aflite'] as const;

/** A built-in network: one of {@link NETWORKS}. */
export type BuiltInNetworkId = (typeof NETWORKS)[number];

/**
 * An affiliate network's id: a built-in one, or any id of {@link NETWORK_ID_PATTERN}'s shape (`awin`, `impact`,
 * `cj-eu`). `(string & {})` keeps the built-in names offered by an editor.
 */
export type NetworkId = BuiltInNetworkId | (string & {});

/**
 * The shape of every network id: a lowercase letter, then 1 to 31 lowercase letters, digits or `-`. Two characters at
 * least, so that a network written by its name in a cookie is never taken for a one-letter part (`a:`, `f:`, `s:`…);
 * no `|`, `:`, `.` or `_`, which the cookie values use as separators.
 */
export const NETWORK_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

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
 * Whether a value is a network id: a string of {@link NETWORK_ID_PATTERN}'s shape (built-in or not).
 *
 * @example
 * isNetworkId('avantlink'); // → true
 * isNetworkId('ledger'); // → true
 * isNetworkId('Ledger!'); // → false
 */
export function isNetworkId(value: unknown): value is NetworkId {
  return typeof value === 'string' && NETWORK_ID_PATTERN.test(value);
}

/**
 * Whether a value is one of the built-in {@link NETWORKS}.
 *
 * @example
 * isBuiltInNetwork('aflite'); // → true
 * isBuiltInNetwork('ledger'); // → false
 */
export function isBuiltInNetwork(value: unknown): value is BuiltInNetworkId {
  return (NETWORKS as readonly unknown[]).includes(value);
}

/**
 * The one order of networks, wherever several are listed or tie: the built-in ones first, in {@link NETWORKS}'
 * order (AvantLink, then Aflite), then every other network by its id, in code-unit order (for these ids, the
 * alphabetical order of ASCII: `-`, digits, letters). Fixed, so that neither the order of a URL's parameters nor
 * of any list decides.
 *
 * @example
 * ['ledger', 'aflite', 'awin', 'avantlink'].sort(compareNetworks); // ['avantlink', 'aflite', 'awin', 'ledger']
 */
export function compareNetworks(a: NetworkId, b: NetworkId): number {
  const rank = (id: NetworkId) => {
    const index = (NETWORKS as readonly string[]).indexOf(id);
    return index === -1 ? NETWORKS.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
