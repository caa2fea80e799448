import { isAffiliateRelayError, isErrorNamed } from '@affiliate-relay/core';
import type { AfliteClient } from '../clients/aflite/client';
import type { AvantLinkClient } from '../clients/avantlink/client';
import { retryAfterOf } from '../http/retry-after';
import { isRetryableStatus } from '../http/retry-policy';
import type { DeliveryError, DeliveryRecord } from './delivery-store';
import type { DeliveryOutcome } from './events';

/** The network calls a delivery needs (the clients, or stand-ins in tests). */
export interface DeliveryClients {
  avantlink?: Pick<AvantLinkClient, 'trackOrder'>;
  aflite?: Pick<AfliteClient, 'registerGoal' | 'findGoal'>;
}

/** What one attempt came to. */
export type AttemptResult = { outcome: 'sent' } | { outcome: 'queued' | 'failed'; error: unknown };

/**
 * Whether a failure may pass if tried later: no connection, a timeout (or a call its deadline
 * stopped), 408, 429 or 5xx (after the client's own retries), or an Aflite goal whose fate could
 * not be checked. Anything else (a 4xx, a redirect, a validation error) will fail the same way again.
 *
 * @example
 * isTransientFailure(new HttpError(503, '', 'down')); // true
 */
export function isTransientFailure(error: unknown): boolean {
  if (isErrorNamed(error, 'NetworkError') || isErrorNamed(error, 'TimeoutError')) return true;
  if (isErrorNamed(error, 'HttpError')) return isRetryableStatus(error.status);
  return isAffiliateRelayError(error) && (error.code === 'delivery_ambiguous' || error.code === 'timeout');
}

/**
 * Sends one delivery. A redelivery to Aflite first asks Aflite's goal feed: an earlier attempt
 * may have been recorded (a timeout after the request left, or a worker that died mid-call), and a
 * reused `mref` is put in error at Aflite, so a goal is only sent again when the feed does not show it.
 * `deadline` (the lock's expiry minus a margin) goes to every client call: none may still send once
 * another worker can take the delivery.
 *
 * @example
 * const result = await attemptDelivery(record, { avantlink, aflite }, { redelivery: false, deadline });
 */
export async function attemptDelivery(
  record: DeliveryRecord,
  clients: DeliveryClients,
  options: { redelivery: boolean; deadline?: number } = { redelivery: false },
): Promise<AttemptResult> {
  const call = options.deadline === undefined ? {} : { deadline: options.deadline };
  try {
    if (record.network === 'avantlink') {
      if (!clients.avantlink) return notConfigured(record);
      await clients.avantlink.trackOrder(record.request, call);
      return { outcome: 'sent' };
    }
    if (!clients.aflite) return notConfigured(record);
    const mayBeRecorded = options.redelivery || record.attempts > 0;
    if (mayBeRecorded && (await clients.aflite.findGoal(record.request.merchantRef, call))) {
      return { outcome: 'sent' };
    }
    await clients.aflite.registerGoal(record.request, call);
    return { outcome: 'sent' };
  } catch (error) {
    return { outcome: isTransientFailure(error) ? 'queued' : 'failed', error };
  }
}

// A pending delivery to a network this relay no longer configures waits for one that does.
function notConfigured(record: DeliveryRecord): AttemptResult {
  return { outcome: 'queued', error: new Error(`${record.network} is not configured on this relay`) };
}

/** When and how often a pending delivery is tried again. */
export interface RedeliverySchedule {
  intervalMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/**
 * The record after an attempt: `sent`, `failed`, or `pending` with its next attempt due after a
 * doubling wait (`intervalMs`, 2×, 4×… up to `maxDelayMs`), or after the network's `Retry-After`
 * when that is longer. A delivery still queued after `maxAttempts` attempts becomes `failed`.
 *
 * @example
 * await store.update(afterAttempt(record, result, Date.now(), schedule));
 */
export function afterAttempt(
  record: DeliveryRecord,
  result: AttemptResult,
  now: number,
  schedule: RedeliverySchedule,
): { record: DeliveryRecord; outcome: DeliveryOutcome } {
  const attempts = record.attempts + 1;
  const { lockedUntil: _released, lastError: _previous, ...rest } = record;
  const base = { ...rest, attempts, updatedAt: now } as DeliveryRecord;
  if (result.outcome === 'sent') return { record: { ...base, status: 'sent' }, outcome: 'sent' };
  const lastError = toDeliveryError(result.error);
  if (result.outcome === 'failed' || attempts >= schedule.maxAttempts) {
    return { record: { ...base, status: 'failed', lastError }, outcome: 'failed' };
  }
  const step = Math.max(1, schedule.intervalMs) * 2 ** Math.min(attempts - 1, 30);
  // A network's Retry-After means "not before": it outranks the backoff, and maxDelayMs too.
  const nextAttemptAt = now + Math.max(Math.min(step, schedule.maxDelayMs), retryAfterOf(result.error) ?? 0);
  return { record: { ...base, status: 'pending', nextAttemptAt, lastError }, outcome: 'queued' };
}

/**
 * An error as plain JSON for the store.
 *
 * @example
 * toDeliveryError(new HttpError(503, '', 'AvantLink tracking/order answered 503'));
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (!(error instanceof Error) && !isAffiliateRelayError(error)) {
    return { name: 'Error', message: String(error) };
  }
  const { name, message } = error as Error;
  const out: DeliveryError = { name, message };
  if (isAffiliateRelayError(error)) out.code = error.code;
  if (isErrorNamed(error, 'HttpError')) out.status = error.status;
  return out;
}
