import { ConfigError, TimeoutError } from '@affiliate-relay/core';

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
  /**
   * Stops the call when aborted: an attempt under way is abandoned (a TimeoutError: it may have
   * arrived) and no retry, wait or lookup starts after. `relay.close()` and the checkout budget use
   * it. Default: none.
   */
  signal?: AbortSignal;
  /**
   * Attempts this call may make, the first included: caps the retry policy's `maxAttempts` (1 = no
   * retry; Aflite then throws `delivery_ambiguous` instead of asking its goal feed). Default: the policy's.
   */
  maxAttempts?: number;
}

/** {@link CallOptions} checked. */
export interface CheckedCallOptions {
  deadline: number | undefined;
  signal: AbortSignal | undefined;
  /** Attempts allowed, the first included (Infinity: the policy decides). */
  maxAttempts: number;
}

/**
 * A call's options, checked. Throws a ConfigError on a deadline or maxAttempts that is not a number.
 *
 * @example
 * const { deadline, signal, maxAttempts } = checkCallOptions(options);
 */
export function checkCallOptions(options: CallOptions | undefined): CheckedCallOptions {
  const deadline = checkDeadline(options?.deadline);
  const maxAttempts = options?.maxAttempts;
  if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || maxAttempts < 1)) {
    throw new ConfigError('maxAttempts must be a whole number, 1 or more');
  }
  return { deadline, signal: options?.signal, maxAttempts: maxAttempts ?? Number.POSITIVE_INFINITY };
}

/**
 * Waits `ms` with `sleep`, or less when `signal` aborts first (resolves either way).
 *
 * @example
 * await sleepUnlessAborted(policy.sleep, delayMs, context.signal);
 */
export function sleepUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
    sleep(ms).then(done, done);
  });
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
 * The error of a call that its deadline stopped before it could send anything: a TimeoutError
 * (code `timeout`, `timeoutMs` 0), so a delivery stays pending and is tried again.
 *
 * @example
 * throw deadlineError('AvantLink tracking/order');
 */
export function deadlineError(subject: string): TimeoutError {
  return new TimeoutError(
    0,
    `${subject} was not sent: its deadline leaves no time for an attempt (timeoutMs)`,
  );
}
