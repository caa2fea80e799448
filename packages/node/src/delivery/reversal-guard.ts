import {
  AffiliateRelayError,
  DAY_MS,
  DeliveryAmbiguousError,
  isAffiliateRelayError,
  StoreError,
} from '@affiliate-relay/core';
import type { AttemptResult } from './attempt';
import type { DeliveryRecord, DeliveryStore } from './contract';

/*
 * What the worker checks before it sends a reversal (an AvantLink adjustment, not known to be safe
 * to repeat):
 * - a record claimed with `sendingSince` set was being sent by a worker that stopped mid-call (a
 *   crash, a lost lock): AvantLink may have applied it, so it fails as `delivery_ambiguous`, unsent;
 * - the legacy API takes a number of requests a day (3,000): at the limit, the reversal waits for
 *   the next day (UTC; AvantLink does not say which time zone its day is in, and a 429 it answers
 *   is waited out too) instead of failing;
 * - otherwise `sendingSince` is saved first, under the record's lock, then the call may start.
 */

/** What the worker does with a claimed reversal. */
export type ReversalGuard =
  | { send: DeliveryRecord }
  | { result: AttemptResult }
  /** The lock was taken over (or the store refused the mark): do nothing, the holder decides. */
  | { lost: unknown };

/**
 * @example
 * const guard = await guardReversal(record, store, { dailyLimit: 3000, now: Date.now() });
 */
export async function guardReversal(
  record: DeliveryRecord,
  store: DeliveryStore,
  options: { dailyLimit: number; now: number },
): Promise<ReversalGuard> {
  const { now, dailyLimit } = options;
  if (record.sendingSince !== undefined) {
    return {
      result: {
        outcome: 'failed',
        error: new DeliveryAmbiguousError(
          `The reversal ${record.key} was being sent when its worker stopped: AvantLink may have applied it, so it is not sent again; check AvantLink's console (or send it in the returns file)`,
        ),
      },
    };
  }
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  let sentToday = 0;
  try {
    sentToday = (await store.countSent?.('reversal', dayStart)) ?? 0;
  } catch (error) {
    return { result: { outcome: 'pending', error: asStoreError(error) } };
  }
  if (sentToday >= dailyLimit) {
    const waitMs = dayStart + DAY_MS - now;
    const error = Object.assign(
      new AffiliateRelayError(
        'timeout',
        `AvantLink's legacy API takes ${dailyLimit} requests a day and ${sentToday} reversals went today: this one waits for the next day (UTC)`,
      ),
      { retryAfterMs: waitMs },
    );
    return { result: { outcome: 'pending', error } };
  }
  const marked = { ...record, sendingSince: now };
  try {
    if (!(await store.update(marked))) return { lost: undefined };
  } catch (error) {
    return { result: { outcome: 'pending', error: asStoreError(error) } };
  }
  return { send: marked };
}

// A store failure as the result's error (stores throw StoreError; anything else is wrapped).
function asStoreError(error: unknown): AffiliateRelayError {
  return isAffiliateRelayError(error)
    ? error
    : new StoreError(`The delivery store failed: ${error instanceof Error ? error.message : String(error)}`);
}
