import { clickHash } from './click-hash';
import { NETWORKS, type NetworkId } from './networks';
import type { Touch } from './touch';

/**
 * A click seen before that a newer click of its network replaced, by its hash (`clickHash`: the network's letter and
 * a hash of the id). Kept so that the same click seen again, say after Back to its landing page, is never a new
 * click: no new capture time, no beacon, no click call.
 */
export type SeenClick = string;

export interface MergeResult {
  /** At most one touch per network: the newest click of each. */
  touches: Touch[];
  /** The incoming touches that are new clicks (a click id not held or seen before for that network). */
  added: Touch[];
  /** Clicks seen before, the most recently replaced first: at most `MAX_SEEN_PER_NETWORK` per network. */
  seen: SeenClick[];
}

/**
 * How many replaced clicks of each network are remembered: enough for Back and Forward through a few landings.
 * They are kept in the cookies beside the touches, so they last as long as those: the attribution window from
 * the newest click.
 */
export const MAX_SEEN_PER_NETWORK = 3;

/**
 * Merges newly captured touches into stored ones. A newer click of a network replaces its older
 * one, which is remembered as seen; other networks' touches stay. The same click id seen again (a
 * reload of the landing page, or Back to an older landing) is not a new click and changes nothing:
 * the click it replaced stays, and the click keeps its first capture time.
 *
 * @example
 * const state = decodeTouchState(cookie);
 * const { touches, added, seen } = mergeTouches(state.touches, captureTouches(location.href), state.seen);
 * if (added.length > 0) beacon(touches);
 */
export function mergeTouches(
  stored: readonly Touch[],
  incoming: readonly Touch[],
  seen: readonly SeenClick[] = [],
): MergeResult {
  const byNetwork: Partial<Record<NetworkId, Touch>> = {};
  const history = [...seen];
  // A click replaced by a newer one of its network is remembered as seen, the most recent first.
  const hold = (touch: Touch) => {
    const held = byNetwork[touch.network];
    if (held && held.clickId !== touch.clickId) history.unshift(clickHash(held));
    byNetwork[touch.network] = touch;
  };
  // Oldest first, so that the newest stored touch of each network ends up held (of a tie, the last given).
  for (const touch of [...stored].sort((a, b) => a.capturedAt - b.capturedAt)) hold(touch);
  const added = incoming.filter((touch) => {
    const held = byNetwork[touch.network];
    // Not new: a click seen before, the same click again, or a late-arriving older click.
    const isNew =
      !history.includes(clickHash(touch)) &&
      (!held || (held.clickId !== touch.clickId && touch.capturedAt >= held.capturedAt));
    if (isNew) hold(touch);
    return isNew;
  });
  const touches = NETWORKS.flatMap((network) => byNetwork[network] ?? []);
  // Each key once, a few per network.
  const recent = [...new Set(history)].filter(
    (key, _, kept) => kept.filter((other) => other[0] === key[0]).indexOf(key) < MAX_SEEN_PER_NETWORK,
  );
  return { added, touches, seen: recent };
}
