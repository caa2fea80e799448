import type { EventEmitter } from '../http/events';
import {
  type AttemptResult,
  afterAttempt,
  attemptDelivery,
  type DeliveryClients,
  type RedeliverySchedule,
} from './deliver';
import type { DeliveryRecord, DeliveryStore } from './delivery-store';
import type { DeliveryOutcome } from './events';

/** Most deliveries one timer tick takes; the rest wait for the next tick. */
const TICK_BATCH = 100;
/** Most deliveries one `flush()` takes. */
const FLUSH_BATCH = 1000;
/** Deliveries sent at the same time by a redelivery pass. */
const CONCURRENCY = 4;

/**
 * The part of a lock a call leaves unused: a tenth of `lockMs`, at most 30 s. It covers saving the
 * outcome, a late timer and clocks that differ between the servers sharing a store.
 *
 * @example
 * lockMarginMs(300_000); // 30_000
 */
export function lockMarginMs(lockMs: number): number {
  return Math.min(Math.ceil(lockMs / 10), 30_000);
}

export interface DeliveryQueueOptions {
  store: DeliveryStore;
  clients: DeliveryClients;
  events: EventEmitter;
  schedule: RedeliverySchedule;
  lockMs: number;
  now?: () => number;
}

/** Sends deliveries, records their outcome, and redelivers the pending ones. */
export interface DeliveryQueue {
  /** Sends a delivery the caller holds the lock of, and saves the outcome. */
  deliver(
    record: DeliveryRecord,
    redelivery?: boolean,
  ): Promise<AttemptResult & { outcome: DeliveryOutcome }>;
  /** One redelivery pass: `dueOnly` for the timer, every unlocked pending delivery for `flush()`. */
  redeliver(dueOnly: boolean): Promise<void>;
  /** Starts the redelivery timer (`unref`'d: it never keeps a process alive). */
  start(): void;
  stop(): void;
  /** Resolves when every delivery and pass under way has finished. */
  settled(): Promise<void>;
}

/**
 * @example
 * const queue = createDeliveryQueue({ store, clients, events, schedule, lockMs: 300_000 });
 * queue.start();
 */
export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { store, clients, events, schedule, lockMs } = options;
  const now = options.now ?? Date.now;
  const running = new Set<Promise<unknown>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking = false;

  function track<T>(promise: Promise<T>): Promise<T> {
    running.add(promise);
    promise.finally(() => running.delete(promise)).catch(() => undefined);
    return promise;
  }

  async function deliver(record: DeliveryRecord, redelivery = false) {
    // The call must be over before the lock can lapse: then another worker may take the delivery.
    const deadline = (record.lockedUntil ?? now() + lockMs) - lockMarginMs(lockMs);
    const result = await attemptDelivery(record, clients, { redelivery, deadline });
    const next = afterAttempt(record, result, now(), schedule);
    events.emit({
      type: 'delivery',
      orderId: record.orderId,
      network: record.network,
      outcome: next.outcome,
      attempt: next.record.attempts,
      redelivery,
      ...('error' in result ? { error: result.error } : {}),
    });
    try {
      await store.update(next.record);
    } catch (error) {
      // The network has the outcome; only its record is lost. The lock lapses and a later pass
      // may send again, which AvantLink dedupes by order_number and Aflite by the goal feed.
      events.emit({ type: 'relay-error', operation: 'store.update', error });
    }
    if (next.outcome === 'sent') return { outcome: 'sent' as const };
    return { outcome: next.outcome, error: 'error' in result ? result.error : undefined };
  }

  async function redeliver(dueOnly: boolean): Promise<void> {
    const at = now();
    let claimed: DeliveryRecord[];
    try {
      claimed = await store.claim({
        now: at,
        lockUntil: at + lockMs,
        limit: dueOnly ? TICK_BATCH : FLUSH_BATCH,
        dueOnly,
      });
    } catch (error) {
      events.emit({ type: 'relay-error', operation: 'store.claim', error });
      return;
    }
    const queue = [...claimed];
    const worker = async () => {
      for (let record = queue.shift(); record; record = queue.shift()) await deliver(record, true);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  return {
    deliver: (record, redelivery) => track(deliver(record, redelivery)),
    redeliver: (dueOnly) => track(redeliver(dueOnly)),
    start() {
      if (timer || schedule.intervalMs <= 0) return;
      timer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        track(redeliver(true)).finally(() => {
          ticking = false;
        });
      }, schedule.intervalMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    async settled() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
