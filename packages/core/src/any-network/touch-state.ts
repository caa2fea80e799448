import { isAcceptableClickId } from '../click-id';
import {
  decodeTouchState,
  encodeTouches,
  MAX_ENCODED_LENGTH,
  READABLE_VERSIONS,
  type TouchState,
} from '../cookie-value';
import type { SeenClick } from '../merge';
import { isBuiltInNetwork, isNetworkId } from '../networks';
import type { Touch } from '../touch';
import { mergeAnyTouches } from './merge';

/** A touch of a network written by its id: `<id>:<clickId>:<capturedAt>` (no gclid: that is AvantLink's). */
const NAMED_TOUCH = /^([a-z][a-z0-9-]{1,31}):([^:]*):([0-9a-z]{1,9})$/;
/** A click of such a network seen before: `s:<id>:<hash>`. */
const NAMED_SEEN = /^s:([a-z][a-z0-9-]{1,31}:[0-9a-z]{1,7})$/;
/** Where a part of either kind could start: what NAMED_TOUCH and NAMED_SEEN need at the start of a part. */
const ANY_NAMED_PART = /\|(?:s:)?[a-z][a-z0-9-]{1,31}:/;

/**
 * {@link encodeTouches} for touches of any network: the built-in ones exactly as the script writes them, then each
 * other network's touch by its id (`|ledger:<clickId>:<capturedAt>`), within version 2 (an older reader skips
 * those parts). Seen clicks of any network are written as they come (`anyClickHash`). A touch of another network
 * keeps no gclid, and one whose network is not a network id is left out (it could not be read back).
 *
 * @example
 * encodeAnyTouches([{ network: 'ledger', clickId: 'L-77', capturedAt: 1765000000000 }]); // '2|ledger:L-77:…'
 */
export function encodeAnyTouches(
  touches: readonly Touch[],
  seen: readonly SeenClick[] = [],
  /** Default: 0 (no `b` part written). */
  resent?: number,
): string {
  let value = encodeTouches(
    touches.filter((touch) => isBuiltInNetwork(touch.network)),
    seen,
    resent,
  );
  for (const touch of touches) {
    if (isBuiltInNetwork(touch.network) || !isNetworkId(touch.network)) continue;
    value += `|${touch.network}:${encodeURIComponent(touch.clickId)}:${Math.floor(touch.capturedAt).toString(36)}`;
  }
  return value;
}

/**
 * {@link decodeTouchState} for a value that may hold touches of any network (see {@link encodeAnyTouches}): the
 * built-in ones as the script reads them, then the others, the newest of each, in core's order of networks. Never
 * throws: what cannot be trusted is left out.
 *
 * @example
 * const { touches, seen } = decodeAnyTouchState(payload);
 */
export function decodeAnyTouchState(value: unknown): TouchState {
  const state = decodeTouchState(value);
  // The common case, on every beacon: only built-in networks' parts. Every part a named touch or seen click is
  // starts with an id of 2 or more characters and a colon (or `s:` and one), so without one there is nothing more.
  if (typeof value !== 'string' || !ANY_NAMED_PART.test(value)) return state;
  const [version = '', ...parts] = value.length <= MAX_ENCODED_LENGTH ? value.split('|') : [];
  if (!READABLE_VERSIONS.test(version)) return state;
  const named: Touch[] = [];
  const seen: SeenClick[] = [];
  for (const part of parts) {
    const key = NAMED_SEEN.exec(part)?.[1];
    if (key) seen.push(key);
    const [, network = '', rawId = '', time = ''] = NAMED_TOUCH.exec(part) ?? [];
    if (!network) continue;
    let clickId: string;
    try {
      clickId = decodeURIComponent(rawId);
    } catch {
      // Broken percent-encoding (URIError): not a value we wrote.
      continue;
    }
    const capturedAt = parseInt(time, 36);
    if (isAcceptableClickId(clickId) && capturedAt > 0) named.push({ network, clickId, capturedAt });
  }
  if (named.length === 0 && seen.length === 0) return state;
  const merged = mergeAnyTouches(named, [], seen);
  return {
    touches: [...state.touches, ...merged.touches],
    seen: [...state.seen, ...merged.seen],
    resent: state.resent,
  };
}
