import { isErrorNamed, type NetworkId } from '@affiliate-relay/core';
import type { EventEmitter } from '../../http/events';
import { isTransientFailure, type RedeliverySchedule } from '../attempt';
import type { DeliveryKind, DeliveryRecord, DeliveryStore } from '../contract';
import type { DeliveryEvent } from '../events';
import type { NetworkDefinition } from '../network';
import { type ConcurrencyLimit, createConcurrencyLimit, type LimitSample } from './concurrency-limit';
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
  /** Order, goal and reversal calls in flight per network (checkouts' own attempts included). */
  concurrency: number;
  /**
   * Click calls in flight per network, at most: within it the limit follows the network's answers
   * (it starts at `concurrency`, grows while they are quick, shrinks when they slow, time out or fail).
   * Clicks have their own places: they never take an order's. Default: `concurrency`.
   */
  clickConcurrency?: number;
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
 * Sends what the store holds: claims due deliveries per network, orders first, at most
 * `concurrency` orders and at most the click limit (adaptive, within `clickConcurrency`) clicks in
 * flight per network (a hung network costs that many sockets, never more), saves each outcome fenced
 * by its lock token, and deletes finished deliveries past the retention period.
 */
export interface DeliveryWorker {
  /**
   * Makes one attempt of a delivery the caller created locked (a checkout), within `budgetMs` and
   * without retries, and saves the outcome. What fails is left pending for the worker.
   */
  sendHeld(record: DeliveryRecord, budgetMs: number): Promise<SendResult>;
  /** Asks for a pass soon (something was recorded): of clicks only, for `'click'`. */
  nudge(kind?: DeliveryKind): void;
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
  /** Calls in flight, per network (clicks and the rest). */
  inFlight(network: NetworkId): number;
  /** Click calls the network gets at once now: its adaptive limit. */
  clickLimit(network: NetworkId): number;
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
  const inFlight: Record<Lane, Map<NetworkId, number>> = {
    orders: new Map(ids.map((network) => [network, 0])),
    clicks: new Map(ids.map((network) => [network, 0])),
  };
  const maxClicks = options.clickConcurrency ?? concurrency;
  const clickLimits = new Map<NetworkId, ConcurrencyLimit>(
    ids.map((network) => [network, createConcurrencyLimit({ initial: concurrency, max: maxClicks })]),
  );
  let stop = new AbortController();
  let timer: ReturnType<typeof setInterval> | undefined;
  let nudged: ReturnType<typeof setTimeout> | undefined;
  // Claims run one at a time, so that two of them never both fill the same free room.
  let claiming: Promise<unknown> = Promise.resolve();
  let passing = false;
  let again = false;
  // What the next pass claims: clicks only when only clicks asked for it (a click recorded or sent).
  let wanted: 'all' | 'clicks' | undefined;
  // Lanes whose last claim found less than it asked for: nothing more is due there until something is
  // recorded (a nudge), an attempt there ends pending, or the poll comes (another process's work, retries
  // come due). Their claim is skipped till then: a drain of orders asks no click query per order.
  const drained: Record<Lane, Set<NetworkId>> = { orders: new Set(), clicks: new Set() };
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

  // Runs `work` counted in its network's calls in flight of its lane.
  function counted(record: DeliveryRecord, work: () => Promise<SendResult>): Promise<SendResult> {
    const counts = inFlight[laneOf(record.kind)];
    const network = record.network;
    counts.set(network, (counts.get(network) ?? 0) + 1);
    return track(work()).finally(() => counts.set(network, (counts.get(network) ?? 1) - 1));
  }

  function launch(record: DeliveryRecord): void {
    const lane = laneOf(record.kind);
    const timing: { networkMs?: number } = {};
    const send = () =>
      sendOnce(attemptContext, record, { signal: stop.signal, timing }).then((result) => {
        // Pending again: it may come due before the poll (a short backoff).
        if (result.outcome === 'pending') drained[lane].delete(record.network);
        return result;
      });
    if (lane === 'orders') {
      counted(record, send)
        // Room for the next one: more may be due.
        .finally(() => (stopped ? undefined : wake('all')))
        .catch(() => undefined);
      return;
    }
    // A click's answer moves its network's click limit.
    const limit = clickLimits.get(record.network);
    const started = limit?.start() ?? 0;
    const inFlightNow = (inFlight.clicks.get(record.network) ?? 0) + 1;
    // The network call's own round trip: the store's writes after it are not the network's slowness.
    const tell = (outcome: LimitSample['outcome']) =>
      limit?.record({
        started,
        rttMs: timing.networkMs ?? Number.NaN,
        inFlight: inFlightNow,
        outcome: timing.networkMs === undefined ? 'ignore' : outcome,
      });
    counted(record, send)
      .then(
        (result) => tell(stop.signal.aborted ? 'ignore' : loadSignal(result)),
        () => tell('ignore'),
      )
      .finally(() => (stopped ? undefined : wake('clicks')))
      .catch(() => undefined);
  }

  function claimRound(filter: { owner?: string; until?: number; lanes?: readonly Lane[] }): Promise<number> {
    const round = claiming.then(() => claimFree(filter));
    claiming = round.catch(() => undefined);
    return track(round);
  }

  // Claims as much as each network has room for, orders first then clicks, each in its own places;
  // resolves how many deliveries it started.
  async function claimFree(filter: {
    owner?: string;
    until?: number;
    lanes?: readonly Lane[];
  }): Promise<number> {
    let started = 0;
    for (const lane of filter.lanes ?? LANES) {
      for (const network of ids) {
        const room = lane === 'orders' ? concurrency : (clickLimits.get(network)?.limit ?? concurrency);
        const free = room - (inFlight[lane].get(network) ?? 0);
        if (free <= 0 || drained[lane].has(network)) continue;
        const at = now();
        if (filter.until !== undefined && at >= filter.until) return started;
        let claimed: DeliveryRecord[];
        try {
          claimed = await store.claim({
            now: at,
            lockUntil: at + lockMs,
            lockToken: newLockToken(),
            limit: free,
            network,
            kinds: LANE_KINDS[lane],
            ...(filter.owner ? { owner: filter.owner } : {}),
          });
        } catch (error) {
          events.emit({ type: 'relay-error', operation: 'store.claim', error });
          continue;
        }
        // A claim of one owner's deliveries says nothing of the others'.
        if (claimed.length < free && !filter.owner) drained[lane].add(network);
        for (const record of claimed) launch(record);
        started += claimed.length;
      }
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
        const lanes = wanted === 'clicks' ? CLICK_LANE : LANES;
        wanted = undefined;
        await claimRound({ lanes });
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

  // Something was recorded (of `kind`, or of any kind): its lane may have work again.
  function nudge(kind?: DeliveryKind): void {
    for (const lane of kind ? [laneOf(kind)] : LANES) drained[lane].clear();
    wake(kind === 'click' ? 'clicks' : 'all');
  }

  function forgetDrained(): void {
    drained.orders.clear();
    drained.clicks.clear();
  }

  function wake(lanes: 'all' | 'clicks'): void {
    if (stopped) return;
    wanted = lanes === 'clicks' && wanted !== 'all' ? 'clicks' : 'all';
    if (nudged) return;
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
      forgetDrained();
      await claimRound({});
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    start() {
      stopped = false;
      if (stop.signal.aborted) stop = new AbortController();
      if (timer || options.pollMs <= 0) return;
      timer = setInterval(() => {
        wanted = 'all';
        forgetDrained();
        void track(pass());
      }, options.pollMs);
      timer.unref?.();
      nudge();
    },
    async drain({ deadline, owner: only }) {
      // A caller awaiting flush() or close() keeps the process alive until it resolves (by its
      // deadline): the worker's own timers and retry waits are unref'd and would not.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        forgetDrained();
        let checked = false;
        for (;;) {
          if (now() >= deadline) return false;
          const started = await claimRound({ ...(only ? { owner: only } : {}), until: deadline });
          const busy = ids.some((network) => inFlightOf(network) > 0);
          if (started === 0 && !busy) {
            // Nothing left, as far as the lanes known drained say: ask every lane once more to be sure.
            if (checked) return true;
            checked = true;
            forgetDrained();
            continue;
          }
          checked = false;
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
    inFlight: inFlightOf,
    clickLimit: (network) => clickLimits.get(network)?.limit ?? 0,
  };

  function inFlightOf(network: NetworkId): number {
    return (inFlight.orders.get(network) ?? 0) + (inFlight.clicks.get(network) ?? 0);
  }
}

type Lane = 'orders' | 'clicks';
const LANES: readonly Lane[] = ['orders', 'clicks'];
const CLICK_LANE: readonly Lane[] = ['clicks'];
// Every kind but clicks goes in the orders' lane (the type makes a new kind name its lane here); a
// `decision` record (what explainOrder reads of an order credited to nobody) is never sent.
const ORDER_KINDS = Object.keys({ order: true, reversal: true } satisfies Record<
  Exclude<DeliveryKind, 'click' | 'decision'>,
  true
>) as DeliveryKind[];
const LANE_KINDS: Record<Lane, readonly DeliveryKind[]> = { orders: ORDER_KINDS, clicks: ['click'] };

function laneOf(kind: DeliveryKind): Lane {
  return kind === 'click' ? 'clicks' : 'orders';
}

/**
 * What an attempt tells of the network's load: a timeout, a failed connection, a 408, 429 or 5xx is
 * a drop; an answer, even one refusing the click, is not; a failure of the store or the config says nothing.
 */
function loadSignal(result: SendResult): LimitSample['outcome'] {
  if (result.outcome === 'sent') return 'ok';
  const { error } = result;
  if (isErrorNamed(error, 'StoreError') || isErrorNamed(error, 'ConfigError')) return 'ignore';
  return isTransientFailure(error) ? 'drop' : 'ok';
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
