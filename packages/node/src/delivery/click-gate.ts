import type { DeliveryStore } from './contract';

/** Counts pending clicks against `delivery.maxPendingClicks`. */
export interface ClickGate {
  /** Whether one more click may be recorded; counts it when so. */
  admit(): Promise<boolean>;
  /** Clicks dropped since the relay started. */
  readonly dropped: number;
}

/**
 * The store's pending clicks, asked at most once a second, plus the clicks admitted since: a close
 * bound without a count query per beacon (across a fleet, each process may admit up to a second's
 * worth of clicks past the cap).
 *
 * @example
 * const gate = createClickGate(config.store, config.delivery.maxPendingClicks);
 * if (await gate.admit()) await store.create([clickRecord]);
 */
export function createClickGate(store: DeliveryStore, max: number, now: () => number = Date.now): ClickGate {
  let known = 0;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<void> | undefined;
  let dropped = 0;
  async function refresh(): Promise<void> {
    const stats = await store.stats();
    known = stats.pendingClicks;
    checkedAt = now();
  }
  return {
    async admit() {
      if (now() - checkedAt >= 1_000) {
        refreshing ??= refresh().finally(() => {
          refreshing = undefined;
        });
        await refreshing;
      }
      if (known >= max) {
        dropped += 1;
        return false;
      }
      known += 1;
      return true;
    },
    get dropped() {
      return dropped;
    },
  };
}
