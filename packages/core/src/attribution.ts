import {
  type BuiltInNetworkId,
  compareNetworks,
  DAY_MS,
  DEFAULT_WINDOW_DAYS,
  isBuiltInNetwork,
  type NetworkId,
} from './networks';
import type { Touch } from './touch';

/**
 * How a sale is given to the touches that led to it.
 * - `last-click`: the newest touch within its network's window wins, across networks.
 * - `first-click`: the oldest touch within its network's window wins.
 * - `all`: every network with a touch within its window is credited.
 */
export type AttributionPolicy = 'last-click' | 'first-click' | 'all';

/** Days a click counts, per network. Default: 30 for each. */
export type AttributionWindows = Partial<Record<NetworkId, number>>;

export interface SelectAttributionOptions {
  /** Default: `'last-click'`. */
  policy?: AttributionPolicy;
  /** Days a click counts, per network. Default: 30 each. */
  windows?: AttributionWindows;
  /** The moment of the sale, in milliseconds since the epoch. Default: `Date.now()`. */
  now?: number;
}

export interface AttributionDecision {
  policy: AttributionPolicy;
  /** The touches credited with the sale (empty when none is eligible). */
  winners: Touch[];
  /** Touches within their network's window. */
  eligible: Touch[];
  /** Touches older than their network's window. */
  expired: Touch[];
  reason: 'selected' | 'no-touches' | 'all-expired';
  /** One sentence a person can read in a QA console or a log. */
  explanation: string;
}

/**
 * Which network wins a tie in time, under every policy: the first in core's one order of networks
 * (`compareNetworks`): AvantLink, then Aflite, then every other network by its id in code-unit order (`awin` before
 * `impact`). A tie happens when one landing URL carries several networks' parameters
 * (`?avad=…&clickSource=aflite&clickSessionID=…`): their clicks are captured at the same millisecond. The order of
 * the parameters, of the touches or of any list never decides: the networks give no rule, so this one is fixed,
 * and `all` credits them all, in that order.
 */
const tieOrder = compareNetworks;

/** How a network is named in an explanation: the built-in ones as they write their names, any other by its id. */
const NAMES: Record<BuiltInNetworkId, string> = { avantlink: 'AvantLink', aflite: 'Aflite' };

/**
 * Picks the touch (or touches) that earned a sale. A touch exactly as old as its window still
 * counts; one millisecond more and it has expired. A tie in time goes to AvantLink, then Aflite, then any other
 * network by its id, under every policy (see `tieOrder`); `all` lists them in that order.
 *
 * @example
 * const decision = selectAttribution(touches, { policy: 'last-click', windows: { aflite: 30 } });
 * for (const touch of decision.winners) report(touch.network, order);
 */
export function selectAttribution(
  touches: readonly Touch[],
  options: SelectAttributionOptions = {},
): AttributionDecision {
  const policy = options.policy ?? 'last-click';
  const now = options.now ?? Date.now();
  const eligible: Touch[] = [];
  const expired: Touch[] = [];
  for (const touch of touches) {
    // Own keys only: a network id may be `constructor`.
    const windows = options.windows;
    const days =
      (windows && Object.hasOwn(windows, touch.network) ? windows[touch.network] : undefined) ??
      DEFAULT_WINDOW_DAYS;
    (now - touch.capturedAt <= days * DAY_MS ? eligible : expired).push(touch);
  }
  // Oldest first; a tie in time (one URL carrying several networks' parameters) in core's order of networks.
  const ordered = [...eligible].sort((a, b) => a.capturedAt - b.capturedAt || tieOrder(a.network, b.network));
  const decision = { policy, eligible: ordered, expired };
  if (touches.length === 0) {
    return {
      ...decision,
      winners: [],
      reason: 'no-touches',
      explanation: 'No affiliate click is on record.',
    };
  }
  if (ordered.length === 0) {
    return {
      ...decision,
      winners: [],
      reason: 'all-expired',
      explanation: `Every click is older than its network's window (${expired.map(describe).join('; ')}).`,
    };
  }
  // The newest time's first touch: among touches of the same time, the first in that order wins under last-click.
  const newest = ordered.find((touch) => touch.capturedAt === ordered.at(-1)!.capturedAt)!;
  const winners = policy === 'all' ? ordered : [policy === 'first-click' ? ordered[0]! : newest];
  return {
    ...decision,
    winners,
    reason: 'selected',
    explanation: explain(policy, winners, ordered, expired),
  };
}

function explain(policy: AttributionPolicy, winners: Touch[], eligible: Touch[], expired: Touch[]): string {
  const expiredNote = expired.length > 0 ? ` Expired: ${expired.map(describe).join('; ')}.` : '';
  if (policy === 'all') {
    return `Policy all: every click within its window is credited: ${winners.map(describe).join('; ')}.${expiredNote}`;
  }
  const which = policy === 'first-click' ? 'oldest' : 'newest';
  const of = eligible.length === 1 ? 'the only click' : `the ${which} of ${eligible.length} clicks`;
  return `Policy ${policy}: ${describe(winners[0]!)} wins, ${of} within its window.${expiredNote}`;
}

function describe(touch: Touch): string {
  const name = isBuiltInNetwork(touch.network) ? NAMES[touch.network] : touch.network;
  // toISOString throws a RangeError outside the Date range (NaN, beyond ±8.64e15 ms): show the number instead.
  const date = new Date(touch.capturedAt);
  const when = Number.isNaN(date.getTime()) ? String(touch.capturedAt) : date.toISOString();
  return `${name} click ${touch.clickId} of ${when}`;
}
