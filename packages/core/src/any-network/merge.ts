import { MAX_SEEN_PER_NETWORK, type MergeResult, type SeenClick } from '../merge';
import { compareNetworks, type NetworkId } from '../networks';
import type { Touch } from '../touch';
import { anyClickHash, hashNetwork } from './click-hash';

/**
 * {@link mergeTouches} for touches of any network (see any-network/click-hash.ts): the same rules, with
 * {@link anyClickHash} for the clicks seen, the touches in core's order of networks (`compareNetworks`: the
 * built-in ones first, then the others by id) and at most `MAX_SEEN_PER_NETWORK` seen clicks of each network.
 * For built-in networks alone it gives exactly what `mergeTouches` gives.
 *
 * @example
 * const { touches, added, seen } = mergeAnyTouches(stored.touches, captured, stored.seen);
 */
export function mergeAnyTouches(
  stored: readonly Touch[],
  incoming: readonly Touch[],
  seen: readonly SeenClick[] = [],
): MergeResult {
  const byNetwork = new Map<NetworkId, Touch>();
  const history = [...seen];
  // A click replaced by a newer one of its network is remembered as seen, the most recent first.
  const hold = (touch: Touch) => {
    const held = byNetwork.get(touch.network);
    if (held && held.clickId !== touch.clickId) history.unshift(anyClickHash(held));
    byNetwork.set(touch.network, touch);
  };
  // Oldest first, so that the newest stored touch of each network ends up held (of a tie, the last given).
  for (const touch of [...stored].sort((a, b) => a.capturedAt - b.capturedAt)) hold(touch);
  const added = incoming.filter((touch) => {
    const held = byNetwork.get(touch.network);
    // Not new: a click seen before, the same click again, or a late-arriving older click.
    const isNew =
      !history.includes(anyClickHash(touch)) &&
      (!held || (held.clickId !== touch.clickId && touch.capturedAt >= held.capturedAt));
    if (isNew) hold(touch);
    return isNew;
  });
  const touches = [...byNetwork.values()].sort((a, b) => compareNetworks(a.network, b.network));
  // Each key once, a few per network.
  const recent = [...new Set(history)].filter(
    (key, _, kept) =>
      kept.filter((other) => hashNetwork(other) === hashNetwork(key)).indexOf(key) < MAX_SEEN_PER_NETWORK,
  );
  return { added, touches, seen: recent };
}
