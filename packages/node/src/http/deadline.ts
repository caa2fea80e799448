import { AffiliateRelayError, ConfigError } from '@affiliate-relay/core';

/** Options of one client call (`trackOrder`, `trackClick`, `registerGoal`, `findGoal`). */
export interface CallOptions {
  /**
   * When the call must be over, in ms since the epoch (as `Date.now()`). The client starts no
   * attempt (one may last `timeoutMs`), retry or wait that could end after it: it stops and throws
   * instead (the last failure; Aflite: `delivery_ambiguous` when a goal it sent may be recorded;
   * code `timeout` when nothing could be sent). The relay passes its delivery lock's expiry minus a
   * margin, so that no other worker takes the delivery while the call may still send. Default: none.
   */
  deadline?: number;
}

/**
 * The deadline of a call's options, checked.
 *
 * @example
 * const deadline = checkDeadline(options.deadline); // undefined without one
 */
export function checkDeadline(deadline: unknown): number | undefined {
  if (deadline === undefined) return undefined;
  if (typeof deadline !== 'number' || !Number.isFinite(deadline)) {
    throw new ConfigError('deadline must be a time in ms since the epoch (as Date.now())');
  }
  return deadline;
}

/**
 * Whether `ms` more milliseconds from now still end by the deadline (always, without one).
 *
 * @example
 * if (!leavesTime(deadline, delayMs + timeoutMs)) return lastResult; // no room for another try
 */
export function leavesTime(deadline: number | undefined, ms: number, now: number = Date.now()): boolean {
  return deadline === undefined || now + ms <= deadline;
}

/**
 * The error of a call that its deadline stopped before it could send anything: code `timeout`, so
 * a delivery stays pending and is tried again.
 *
 * @example
 * throw deadlineError('AvantLink tracking/order');
 */
export function deadlineError(subject: string): AffiliateRelayError {
  return new AffiliateRelayError(
    'timeout',
    `${subject} was not sent: its deadline leaves no time for an attempt (timeoutMs)`,
  );
}
