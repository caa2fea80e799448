import { NETWORKS, type NetworkId } from './networks';
import type { Touch } from './touch';

export interface MergeResult {
  /** At most one touch per network: the newest click of each. */
  touches: Touch[];
  /** The incoming touches that are new clicks (a click id not held before for that network). */
  added: Touch[];
}

/**
 * Merges newly captured touches into stored ones. A newer click of a network replaces its older
 * one; other networks' touches stay. The same click id seen again (a reload of the landing page)
 * is not a new click and keeps its first capture time.
 *
 * @example
 * const { touches, added } = mergeTouches(decodeTouches(cookie), captureTouches(location.href));
 * if (added.length > 0) beacon(touches);
 */
export function mergeTouches(stored: readonly Touch[], incoming: readonly Touch[]): MergeResult {
  const byNetwork: Partial<Record<NetworkId, Touch>> = {};
  for (const touch of stored) {
    const held = byNetwork[touch.network];
    if (!held || touch.capturedAt > held.capturedAt) byNetwork[touch.network] = touch;
  }
  const added = incoming.filter((touch) => {
    const held = byNetwork[touch.network];
    // Not new: the same click seen again, or a late-arriving older click.
    const isNew = !held || (held.clickId !== touch.clickId && touch.capturedAt >= held.capturedAt);
    if (isNew) byNetwork[touch.network] = touch;
    return isNew;
  });
  return { touches: NETWORKS.flatMap((network) => byNetwork[network] ?? []), added };
}
