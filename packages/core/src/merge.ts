import { NETWORKS } from './networks';
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
  const byNetwork = new Map<string, Touch>();
  for (const touch of stored) {
    const held = byNetwork.get(touch.network);
    if (!held || touch.capturedAt > held.capturedAt) byNetwork.set(touch.network, touch);
  }
  const added: Touch[] = [];
  for (const touch of incoming) {
    const held = byNetwork.get(touch.network);
    if (held?.clickId === touch.clickId) continue;
    if (!held || touch.capturedAt >= held.capturedAt) {
      byNetwork.set(touch.network, touch);
      added.push(touch);
    }
  }
  const touches = NETWORKS.map((network) => byNetwork.get(network)).filter((t): t is Touch => !!t);
  return { touches, added };
}
