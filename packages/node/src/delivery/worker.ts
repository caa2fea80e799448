import type { NetworkId } from '@affiliate-relay/core';
import type { EventEmitter } from '../http/events';
import type { RedeliverySchedule } from './attempt';
import type { DeliveryRecord, DeliveryStore } from './contract';
import type { DeliveryEvent } from './events';
import type { NetworkDefinition } from './network';
import { type AttemptContext, type SendResult, sendOnce } from './send-once';

/** How often finished deliveries past the retention period are deleted. */
const PURGE_EVERY_MS = 3_600_000;

export interface DeliveryWorkerOptions {
  store: DeliveryStore;
  /** The networks the worker sends to: their definitions (see `delivery/network.ts`). */
  networks: readonly NetworkDefinition[];
  events: EventEmitter<DeliveryEvent>;
  schedule: RedeliverySchedule;
  lockMs: number;
  /** Calls in flight per network. */
  concurrency: number;
  /** How often the store is asked for due deliveries (other processes', retries that came due). */
  pollMs: number;
  /** Finished deliveries older than this are deleted. */
  retentionMs: number;
  /** Reversals sent a day (UTC) before the next ones wait for the next day. Default: 3000. */
  reversalDailyLimit?: number;
  /** The relay is in test mode: only test deliveries are sent, through each network's test path. Default: false. */
  testMode?: boolean;
  now?: () => number;
}

/**
 * Sends what the store holds: claims due deliveries per network, at most `concurrency` in flight
 * per network (a hung network costs that many sockets, never more), saves each outcome fenced by
 * its lock token, and deletes finished deliveries past the retention period.
 */
export interface DeliveryWorker {
  /**
   * Makes one attempt of a delivery the caller created locked (a checkout), within `budgetMs` and
   * without retries, and saves the outcome. What fails is left pending for the worker.
   */
  sendHeld(record: DeliveryRecord, budgetMs: number): Promise<SendResult>;
  /** Asks for a pass soon (something was recorded). */
  nudge(): void;
  /** A pass now; resolves when what it started has ended (for a platform's `waitUntil`). */
  kick(): Promise<void>;
  /** Starts polling (`unref`'d timers: never keeps a process alive). */
  start(): void;
  /**
   * Sends every due delivery (of `owner` only, when given) until none is left, or `deadline`
   * passes: then resolves `false`, having started nothing after it. Waits for what is in flight.
   */
  drain(options: { deadline: number; owner?: string }): Promise<boolean>;
  /** Stops polling and taking work. */
  stop(): void;
  /** Abandons every call in flight (they end as an attempt cut by its timeout would). */
  abort(): void;
  /** Resolves when nothing is in flight. */
  settled(): Promise<void>;
  /** Calls in flight, per network. */
  inFlight(network: NetworkId): number;
}

/**
 * @example
 * const worker = createDeliveryWorker({ store, networks, events, schedule, lockMs: 300_000,
 *   concurrency: 4, pollMs: 1_000, retentionMs: 30 * DAY_MS });
 * worker.start();
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, networks, events, schedule, lockMs, concurrency } = options;
  const ids = networks.map((network) => network.id);
  const now = options.now ?? Date.now;
  const running = new Set<Promise<unknown>>();
  const inFlight = new Map<NetworkId, number>(ids.map((network) => [network, 0]));
  let stop = new AbortController();
  let timer: ReturnType<typeof setInterval> | undefined;
  let nudged: ReturnType<typeof setTimeout> | undefined;
  // Claims run one at a time, so that two of them never both fill the same free room.
  let claiming: Promise<unknown> = Promise.resolve();
  let passing = false;
  let again = false;
  let stopped = false;
  let lastPurge = 0;

  const attemptContext: AttemptContext = {
    store,
    networks,
    events,
    schedule,
    lockMs,
    now,
    ...(options.reversalDailyLimit === undefined ? {} : { reversalDailyLimit: options.reversalDailyLimit }),
    ...(options.testMode ? { testMode: true } : {}),
  };

  function track<T>(promise: Promise<T>): Promise<T> {
    running.add(promise);
    promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  }

  // Runs `work` counted in its network's calls in flight.
  function counted(record: DeliveryRecord, work: () => Promise<SendResult>): Promise<SendResult> {
    const network = record.network;
    inFlight.set(network, (inFlight.get(network) ?? 0) + 1);
    return track(work()).finally(() => inFlight.set(network, (inFlight.get(network) ?? 1) - 1));
  }

  function launch(record: DeliveryRecord): void {
    counted(record, () => sendOnce(attemptContext, record, { signal: stop.signal }))
      // Room for the next one: more may be due.
      .finally(() => (stopped ? undefined : nudge()))
      .catch(() => undefined);
  }

  function claimRound(filter: { owner?: string; until?: number }): Promise<number> {
    const round = claiming.then(() => claimFree(filter));
    claiming = round.catch(() => undefined);
    return track(round);
  }

  // Claims as much as each network has room for; resolves how many deliveries it started.
  async function claimFree(filter: { owner?: string; until?: number }): Promise<number> {
    let started = 0;
    for (const network of ids) {
      const free = concurrency - (inFlight.get(network) ?? 0);
      if (free <= 0) continue;
      const at = now();
      if (filter.until !== undefined && at >= filter.until) break;
      let claimed: DeliveryRecord[];
      try {
        claimed = await store.claim({
          now: at,
          lockUntil: at + lockMs,
          lockToken: newLockToken(),
          limit: free,
          network,
          ...(filter.owner ? { owner: filter.owner } : {}),
        });
      } catch (error) {
        events.emit({ type: 'relay-error', operation: 'store.claim', error });
        continue;
      }
      for (const record of claimed) launch(record);
      started += claimed.length;
    }
    return started;
  }

  async function pass(): Promise<void> {
    if (passing) {
      again = true;
      return;
    }
    passing = true;
    try {
      do {
        again = false;
        await claimRound({});
      } while (again && !stopped);
      await purgeIfDue();
    } finally {
      passing = false;
    }
  }

  async function purgeIfDue(): Promise<void> {
    const at = now();
    if (at - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = at;
    try {
      await store.purge(at - options.retentionMs);
    } catch (error) {
      events.emit({ type: 'relay-error', operation: 'store.purge', error });
    }
  }

  function nudge(): void {
    if (stopped || nudged) return;
    nudged = setTimeout(() => {
      nudged = undefined;
      void track(pass());
    }, 0);
    nudged.unref?.();
  }

  return {
    sendHeld: (record, budgetMs) =>
      counted(record, () => sendOnce(attemptContext, record, { budgetMs, signal: stop.signal })),
    nudge,
    async kick() {
      await claimRound({});
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    start() {
      stopped = false;
      if (stop.signal.aborted) stop = new AbortController();
      if (timer || options.pollMs <= 0) return;
      timer = setInterval(() => void track(pass()), options.pollMs);
      timer.unref?.();
      nudge();
    },
    async drain({ deadline, owner: only }) {
      // A caller awaiting flush() or close() keeps the process alive until it resolves (by its
      // deadline): the worker's own timers and retry waits are unref'd and would not.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        for (;;) {
          if (now() >= deadline) return false;
          const started = await claimRound({ ...(only ? { owner: only } : {}), until: deadline });
          const busy = ids.some((network) => (inFlight.get(network) ?? 0) > 0);
          if (started === 0 && !busy) return true;
          // Room frees up as calls end: wait for one, or for the deadline.
          await raceUntil([...running], deadline - now());
        }
      } finally {
        clearInterval(keepAlive);
      }
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      timer = undefined;
      nudged = undefined;
    },
    abort() {
      stop.abort();
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    inFlight: (network) => inFlight.get(network) ?? 0,
  };
}

function newLockToken(): string {
  return globalThis.crypto.randomUUID();
}

// Resolves when one of `promises` settles, or after `ms` (an unref'd timer).
function raceUntil(promises: Promise<unknown>[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, ms));
    timer.unref?.();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    for (const promise of promises) promise.then(done, done);
    if (promises.length === 0) done();
  });
}
