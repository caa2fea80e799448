import { NETWORK_CODES } from './click-hash';
import { isAcceptableClickId } from './click-id';
import { mergeTouches, type SeenClick } from './merge';
import type { BuiltInNetworkId, NetworkId } from './networks';
import type { Touch } from './touch';

/*
 * Cookie value, version 2:   2|a:<clickId>:<capturedAt>[:<gclid>]|f:<clickId>:<capturedAt>|s:<key>…
 *   a = AvantLink, f = Aflite; ids are encodeURIComponent'd; capturedAt is milliseconds since the epoch, base 36
 *   (milliseconds, so that two clicks in the same second still have an order).
 *   s = a click seen before, replaced by a newer click of its network (`SeenClick`): its hash (`clickHash`: the
 *   network's letter and a base-36 hash of the id), the most recently replaced first. A few per network, so that
 *   Back to an older landing is no new click; they last as long as the cookie (the window from the newest click).
 *   b = how many times the script resent these touches because the server did not acknowledge them (`ar_ack`).
 *   A network that is not built in is written by its id (2 to 32 characters, so never a one-letter part), within
 *   version 2: `|ledger:<clickId>:<capturedAt>` (no gclid), and its seen clicks `|s:ledger:<hash>`. The server writes
 *   those (`encodeAnyTouches`, `decodeAnyTouchState` in any-network/); the script never does, and its reader here
 *   skips them as parts it does not know.
 * Version 1 is the same without `s` and `b` parts; it is still read. Parts a reader does not know are skipped, so a
 * later minor addition does not make an older reader drop the touches.
 * Every character is a valid cookie-octet, so the value is written and read raw, with no further
 * encoding by js-cookie or by the server. `|` and `:` never occur inside an encoded field.
 */
const VERSION = '2';
/** Versions read: 1 (no seen clicks) and 2. */
export const READABLE_VERSIONS = /^[12]$/;
/** Anything longer than this was not written by us; two touches and the seen clicks need about 2 KB at most. */
export const MAX_ENCODED_LENGTH = 4096;
/** One touch: network code (of NETWORK_CODES), click id, capture time (1 to 9 base-36 digits of milliseconds), then an optional gclid. */
const ENCODED_TOUCH = /^([af]):([^:]*):([0-9a-z]{1,9})(?::([^:]*))?$/;
/** One click seen before: `s:` and its key (network code and a 32-bit hash in base 36). */
const ENCODED_SEEN = /^s:[af][0-9a-z]{1,7}$/;

/** What the attribution cookie holds: the touches, the clicks seen before, and the script's resend count. */
export interface TouchState {
  /** At most one touch per network, the newest of each. */
  touches: Touch[];
  /** Clicks seen before and replaced by a newer one of their network. */
  seen: SeenClick[];
  /** How many times the script resent these touches because the server did not acknowledge them (0 to 9). */
  resent: number;
}

/**
 * Encodes touches (and the clicks seen before, from `mergeTouches`) into the compact, versioned value of the
 * attribution cookie. Only what attribution needs is kept: network, click id, capture time and gclid.
 *
 * NOTE: built-in networks only: this is the browser script's code, kept as small as the script tag's budget needs.
 * The server encodes touches of any network with `encodeAnyTouches`, which gives this for built-in ones.
 *
 * @example
 * const { touches, seen } = mergeTouches(state.touches, captured, state.seen);
 * document.cookie = `ar_touches=${encodeTouches(touches, seen)}; Path=/`;
 */
export function encodeTouches(
  touches: readonly Touch[],
  seen: readonly SeenClick[] = [],
  /** Default: 0 (no `b` part written). */
  resent?: number,
): string {
  let value = VERSION;
  for (const touch of touches) {
    value += `|${NETWORK_CODES[touch.network as BuiltInNetworkId]}:${encodeURIComponent(touch.clickId)}:${Math.floor(touch.capturedAt).toString(36)}`;
    if (touch.gclid) value += `:${encodeURIComponent(touch.gclid)}`;
  }
  for (const key of seen) value += `|s:${key}`;
  return resent ? `${value}|b:${resent}` : value;
}

/**
 * Decodes an attribution cookie value. Never throws: garbage, an unknown version, or a field that
 * fails validation yields only the touches that can be trusted (possibly none). At most one touch
 * per network is returned, the newest, in the order of `NETWORKS`.
 *
 * @example
 * const touches = decodeTouches(cookies.ar_touches);
 */
export function decodeTouches(value: unknown): Touch[] {
  return decodeTouchState(value).touches;
}

/**
 * Decodes an attribution cookie value into its touches and the clicks seen before (versions 1 and 2). Never
 * throws: what cannot be trusted is left out. Built-in networks only, as the script needs (see `encodeTouches`);
 * the server reads every network with `decodeAnyTouchState`.
 *
 * @example
 * const { touches, seen } = decodeTouchState(cookies.ar_touches);
 */
export function decodeTouchState(value: unknown): TouchState {
  const touches: Touch[] = [];
  const seen: SeenClick[] = [];
  let resent = 0;
  const [version = '', ...parts] =
    typeof value === 'string' && value.length <= MAX_ENCODED_LENGTH ? value.split('|') : [];
  for (const part of READABLE_VERSIONS.test(version) ? parts : []) {
    if (/^b:\d$/.test(part)) resent = +part[2]!;
    if (ENCODED_SEEN.test(part)) seen.push(part.slice(2));
    try {
      decodeTouch(part, touches);
    } catch {
      // Broken percent-encoding (URIError): not a value we wrote.
    }
  }
  // mergeTouches keeps the newest touch of each network (an older one joins the seen clicks).
  const { touches: newest, seen: replaced } = mergeTouches(touches, [], seen);
  return { touches: newest, seen: replaced, resent };
}

/** Adds the part's touch to `touches` unless a field fails validation. Throws a URIError on broken percent-encoding. */
function decodeTouch(part: string, touches: Touch[]): void {
  // A part that is no touch (no match) has an empty id, which fails validation below.
  const [, code, rawId = '', time = '', rawGclid] = ENCODED_TOUCH.exec(part) ?? [];
  const network: NetworkId = code === NETWORK_CODES.avantlink ? 'avantlink' : 'aflite';
  const touch: Touch = {
    network,
    clickId: decodeURIComponent(rawId),
    capturedAt: parseInt(time, 36),
  };
  // A gclid belongs to AvantLink only.
  if (rawGclid !== undefined) touch.gclid = decodeURIComponent(rawGclid);
  if (
    isAcceptableClickId(touch.clickId) &&
    // At most 9 base-36 digits (ENCODED_TOUCH): always a safe integer, and 0 only when every digit is.
    touch.capturedAt > 0 &&
    (rawGclid === undefined || (code === NETWORK_CODES.avantlink && isAcceptableClickId(touch.gclid)))
  )
    touches.push(touch);
}
