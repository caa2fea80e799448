import { type AffiliateRelayError, StoreError } from '@affiliate-relay/core';
import type { EventEmitter } from '../../http/events';
import {
  type AttemptResult,
  afterAttempt,
  attemptDelivery,
  type DeliveryOutcome,
  type RedeliverySchedule,
} from '../attempt';
import type { DeliveryRecord, DeliveryStore } from '../contract';
import type { DeliveryEvent } from '../events';
import type { NetworkDefinition } from '../network';
import { guardReversal } from '../reversal-guard';

/*
 * One attempt of one held delivery, start to end: the reversal guard, the network call within the
 * lock (and the checkout's budget), the record after it saved fenced by its lock token, and its event.
 * The worker (worker.ts) decides what to send when; this is what sending one means.
 */

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

/** What one attempt of a held delivery came to. */
export type SendResult = { outcome: 'sent' } | { outcome: 'pending' | 'failed'; error: AffiliateRelayError };

/** What {@link sendOnce} needs: the worker's store, networks, events and schedule. */
export interface AttemptContext {
  store: DeliveryStore;
  networks: readonly NetworkDefinition[];
  events: EventEmitter<DeliveryEvent>;
  schedule: RedeliverySchedule;
  lockMs: number;
  now: () => number;
  /** Reversals sent a day (UTC) before the next ones wait for the next day. Default: 3000. */
  reversalDailyLimit?: number;
  /** The relay is in test mode (see `AttemptOptions.testMode`). Default: false. */
  testMode?: boolean;
}

/**
 * Makes one attempt of a delivery this caller holds (claimed by the worker, or created locked by a
 * checkout), saves its outcome and emits its event. `budgetMs` cuts the attempt (the checkout's).
 *
 * @example
 * const result = await sendOnce(context, record, { signal });
 */
export async function sendOnce(
  context: AttemptContext,
  record: DeliveryRecord,
  attempt: {
    budgetMs?: number;
    signal: AbortSignal;
    /** Given, it gets how long the network call took (ms): its round trip, not the store's writes. */
    timing?: { networkMs?: number };
  },
): Promise<SendResult> {
  const { store, networks, events, schedule, lockMs, now } = context;
  // The calls must be over before the lock can lapse: then another worker may take the delivery.
  const deadline = (record.lockedUntil ?? now() + lockMs) - lockMarginMs(lockMs);
  let signal = attempt.signal;
  let budget: ReturnType<typeof setTimeout> | undefined;
  if (attempt.budgetMs !== undefined) {
    const cut = new AbortController();
    budget = setTimeout(() => cut.abort(), attempt.budgetMs);
    budget.unref?.();
    signal = AbortSignal.any([signal, cut.signal]);
  }
  let result: AttemptResult | undefined;
  let held = record;
  try {
    if (record.kind === 'reversal') {
      const guard = await guardReversal(record, store, {
        dailyLimit: context.reversalDailyLimit ?? 3000,
        now: now(),
      });
      if ('lost' in guard) {
        events.emit({
          type: 'relay-error',
          operation: 'store.update',
          error: guard.lost ?? lockLost(record),
        });
        return { outcome: 'pending', error: lockLost(record) };
      }
      if ('result' in guard) result = guard.result;
      else held = guard.send;
    }
    if (!result) {
      const sentAt = now();
      result = await attemptDelivery(held, networks, {
        deadline,
        signal,
        single: attempt.budgetMs !== undefined,
        ...(context.testMode ? { testMode: true } : {}),
      });
      if (attempt.timing) attempt.timing.networkMs = now() - sentAt;
    }
  } finally {
    clearTimeout(budget);
  }
  const next = afterAttempt(held, result, now(), schedule);
  emitOutcome(events, record, next.outcome, result);
  try {
    if (!(await store.update(next.record))) {
      // Another worker took the delivery after this one's lock lapsed: its outcome stands.
      events.emit({ type: 'relay-error', operation: 'store.update', error: lockLost(record) });
    }
  } catch (error) {
    // The network has the outcome; only its record is lost. The lock lapses and a later pass
    // may send again, which AvantLink dedupes by order_number and Aflite by the goal feed.
    events.emit({ type: 'relay-error', operation: 'store.update', error });
  }
  // afterAttempt keeps a sent result sent, and makes only an error pending or failed.
  return result.outcome === 'sent' ? { outcome: 'sent' } : { outcome: next.outcome, error: result.error };
}

function emitOutcome(
  events: EventEmitter<DeliveryEvent>,
  record: DeliveryRecord,
  outcome: DeliveryOutcome,
  result: AttemptResult,
): void {
  const error = 'error' in result ? { error: result.error } : {};
  if (record.kind === 'click') {
    events.emit({ type: 'click', network: record.network, outcome, attempt: record.attempts, ...error });
    return;
  }
  if (record.kind === 'reversal') {
    const { orderId, reversalId } = record.request;
    events.emit({ type: 'reversal', orderId, reversalId, outcome, attempt: record.attempts, ...error });
    return;
  }
  events.emit({
    type: 'delivery',
    orderId: record.key,
    network: record.network,
    outcome,
    attempt: record.attempts,
    redelivery: record.attempts > 1,
    ...error,
  });
}

function lockLost(record: DeliveryRecord): StoreError {
  return new StoreError(
    `The ${record.kind} ${record.key} to ${record.network} was taken over by another worker after this one's lock lapsed: its outcome was not saved`,
  );
}
