import type { DecisionNote, DeliveryError, DeliveryRecord } from '../../delivery/contract';

/*
 * The one-line hints of an explanation: what happened and what a person can do next, in words a
 * shop's support person reads. Times in UTC, to the second.
 */

/**
 * A time as `2026-12-08 10:42:03 UTC`.
 *
 * @example
 * formatTime(0); // '1970-01-01 00:00:00 UTC'
 */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Whether a failure is a refusal (the network answered no) rather than a network that could not be reached. */
export function isRefusal(error: DeliveryError | undefined): boolean {
  if (!error) return true;
  if (error.status !== undefined)
    return !(error.status === 408 || error.status === 429 || error.status >= 500);
  return !['NetworkError', 'TimeoutError'].includes(error.name) && error.code !== 'delivery_ambiguous';
}

/** What a refusal's message says the cause is, when it is one a shop can fix (else `''`). */
export function refusalCause(error: DeliveryError | undefined): string {
  const message = error?.message ?? '';
  if (/tracking_ids\.blank|tracking ids? (is|are) blank/i.test(message)) return ' — the click id was empty';
  if (/api ?key is (missing|invalid)/i.test(message)) return ' — check the API key';
  if (/merchant id|merchant_id|404/i.test(message)) return ' — check the merchant id';
  if (/goal id/i.test(message)) return ' — check the goal id';
  return '';
}

/** The hint of one network's delivery of an order. */
export function deliveryHint(record: DeliveryRecord, name: string, now: number): string {
  const last = record.log?.at(-1);
  if (record.status === 'sent') {
    return `${name} took the order at ${formatTime(record.updatedAt)} (attempt ${last?.attempt ?? record.attempts}).`;
  }
  const message = record.lastError?.message ?? 'no answer';
  if (record.status === 'failed') {
    if (isRefusal(record.lastError)) {
      return `${name} refused the order: ${message}${refusalCause(record.lastError)}. Fix the cause, then Retry now.`;
    }
    return `${name} could not be reached in ${record.attempts} attempts (last: ${message}); given up at ${formatTime(record.updatedAt)}. Once it is back: Retry now.`;
  }
  if ((record.lockedUntil ?? 0) > now) return `sending: attempt ${record.attempts} to ${name} is under way.`;
  const next = `next attempt ${formatTime(Math.max(record.nextAttemptAt, now))}`;
  if ((last?.attempt ?? 0) < record.attempts && record.attempts > 0 && !record.lastError) {
    return `waiting: attempt ${record.attempts} to ${name} started with no outcome saved (the process stopped mid-send); ${next}, checked at ${name} first where it can tell.`;
  }
  if (!record.lastError) return `waiting: not sent to ${name} yet; ${next}.`;
  const since = failingSince(record) ?? record.updatedAt;
  return `waiting: ${name} unreachable since ${formatTime(since)} (${message}); ${next}.`;
}

// When the run of failed attempts that the delivery is in began.
function failingSince(record: DeliveryRecord): number | undefined {
  let since: number | undefined;
  for (const entry of record.log ?? []) {
    if (entry.outcome === 'sent') since = undefined;
    else since ??= entry.at;
  }
  return since;
}

/** The hint of a network the order was not credited to. */
export function notCreditedHint(
  reason: string,
  name: string,
  note: DecisionNote | undefined,
  nameOf: (network: string) => string,
): string {
  const touch = note?.touches.find((candidate) => nameOf(candidate.network) === name);
  switch (reason) {
    case 'no-attribution': {
      const consent =
        note?.consent === 'gpc'
          ? " The checkout request sends Sec-GPC: 1 (Global Privacy Control): such a shopper's clicks are never stored."
          : note?.consent === 'denied'
            ? " The shop's consent rule (consent.allows) refuses this shopper: their clicks are never stored."
            : '';
      return `no affiliate click was on record for this shopper (no cookie, no saved attribution): ${name} was not called.${consent}`;
    }
    case 'expired': {
      const days = note?.windows[touch?.network ?? ''];
      const when = touch ? ` ${touch.clickId} of ${formatTime(touch.capturedAt)}` : '';
      return `${name}'s click${when} was older than its ${days ?? '?'}-day window: not credited.`;
    }
    case 'not-selected': {
      const winners = (note?.winners ?? []).map(nameOf).join(' and ') || 'another network';
      return `${winners} won under ${note?.policy ?? 'the policy'}: ${name}'s click was valid but not credited.`;
    }
    case 'recorded-before':
      return `the order id was recorded before without ${name}: nothing is sent to it now.`;
    default:
      return `the shopper's clicks were of other networks: ${name} was not credited.`;
  }
}
