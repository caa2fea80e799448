/*
 * A click delivery's key: the visitor id, a space, the click id (one click call per click and visitor). A
 * visitor id never holds a space (core's VISITOR_ID_PATTERN), so the part before the first space is the visitor:
 * that is how a store finds a visitor's clicks (`dropPendingClicks`).
 */

/**
 * The dedupe key of a click delivery.
 *
 * @example
 * clickKey('vis_3f2c1a97', '77_f3afbe121'); // 'vis_3f2c1a97 77_f3afbe121'
 */
export function clickKey(visitorId: string, clickId: string): string {
  return `${visitorId} ${clickId}`;
}

/**
 * What every click key of a visitor begins with.
 *
 * @example
 * key.startsWith(visitorClickPrefix('vis_3f2c1a97'));
 */
export function visitorClickPrefix(visitorId: string): string {
  return `${visitorId} `;
}
