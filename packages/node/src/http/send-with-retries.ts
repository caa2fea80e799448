import { isAffiliateRelayError } from '@affiliate-relay/core';
import { attempt, type CallContext, failureReason } from './call';
import { deadlineError, leavesTime, sleepUnlessAborted } from './deadline';
import type { HttpRequestSpec, HttpResult } from './request-types';
import { classifyFailure, type RetryPolicy, retryDelay } from './retry-policy';

/*
 * The one retry loop of every client call. The loop owns what is the same for every network: the
 * attempts (`maxAttempts`, the policy's and the call's), the waits (backoff, `Retry-After`), the
 * deadline and the signal, and the `request`/`response`/`retry`/`error` events. What differs per
 * call is in its `read` hook: which answers are done, which fail for good, which may be resent (a
 * POST that is not idempotent resends only what provably never arrived), and, for a failure that
 * may have arrived, the question asked before a resend (Aflite's goal feed: `beforeResend`).
 */

/** What one attempt came to: an HTTP answer, or what sending threw. */
export type AttemptOutcome = { result: HttpResult } | { error: unknown };

/** A call's reading of one attempt. */
export type AttemptVerdict<T> = { done: T } | { fail: unknown } | Retryable<T>;

/** A failure worth another attempt, if the attempts, the waits and the deadline allow one. */
export interface Retryable<T> {
  /** What the call throws when no attempt follows (unless `otherwise`). */
  failure: unknown;
  /** Why, for the `retry` event. */
  reason: string;
  /** The answer's `Retry-After` header: it replaces the backoff, and one above `maxRetryAfterMs` ends the retries. */
  retryAfter?: string | null | undefined;
  /** What the call resolves with when no attempt follows, instead of throwing `failure` (an idempotent call's last answer). */
  otherwise?: T;
  /** For a failure that may have arrived where a repeat is harmful: ask before any resend. */
  beforeResend?: ResendCheck<T>;
}

/**
 * The question a resend waits for. The loop waits first (the backoff or `Retry-After`, at least
 * `baseDelayMs`), asks, then resends at once (the wait is spent), within the policy's attempts. It
 * asks even when the policy's attempts are spent (the answer tells the caller whether the failure
 * arrived), never when the call's own `maxAttempts` are: the caller asks then, before its next try.
 */
export interface ResendCheck<T> {
  /** `{ done }`: it arrived, the call ends with that; `{ note }`: it did not, resend (the note goes in the `retry` event). Throws to end the call. */
  ask(): Promise<{ done: T } | { note: string }>;
  /** What the call throws when it stops before asking: its `maxAttempts`, its deadline or its signal. */
  unasked: unknown;
}

/** One call through the loop: the request and how to read each attempt. */
export interface RetriedCall<T> {
  spec: HttpRequestSpec;
  /** Reads one attempt (number `attempt`, from 1). What it throws ends the call. */
  read(outcome: AttemptOutcome, attempt: number): AttemptVerdict<T> | Promise<AttemptVerdict<T>>;
  /** What the request event shows (the parsed body; the emitter redacts it). Default: nothing. */
  logBody?: unknown;
  /** The call's name in the error of a call its deadline stopped before sending. Default: `<network> <operation>`. */
  subject?: string;
}

/**
 * Sends `call.spec` until `call.read` says done or fail, or no further attempt is allowed: the
 * policy's and the call's `maxAttempts`, a `Retry-After` above `maxRetryAfterMs`, the signal, or
 * the deadline (no attempt, wait or question starts that could end after `context.deadline`). Then
 * it ends with the last failure (`otherwise`, or thrown). A call that cannot send at all (deadline
 * without room for one attempt, or stopped already) throws code `timeout`, nothing sent. Every
 * error it throws is reported as an `error` event.
 *
 * @example
 * const { result, attempts } = await sendWithRetries(context, policy, { spec, read: readIdempotent });
 */
export async function sendWithRetries<T>(
  context: CallContext,
  policy: RetryPolicy,
  call: RetriedCall<T>,
): Promise<T> {
  const { deadline, transport, signal } = context;
  const callerAttempts = context.maxAttempts ?? Number.POSITIVE_INFINITY;
  const maxAttempts = Math.min(policy.maxAttempts, callerAttempts);
  const roomFor = (waitMs: number) => leavesTime(deadline, waitMs + transport.timeoutMs);
  let last: Retryable<T> | undefined;
  try {
    for (let n = 1; ; n++) {
      // Before every attempt, the first included: room for it, and not stopped.
      if (!roomFor(0) || signal?.aborted) {
        if (last) return endWith(last);
        throw deadlineError(call.subject ?? `${context.network} ${context.operation}`);
      }
      const verdict = await call.read(await attemptOutcome(context, call, n), n);
      if ('done' in verdict) return verdict.done;
      if ('fail' in verdict) throw verdict.fail;
      last = verdict;
      const delayMs = retryDelay(policy, n, verdict.retryAfter);
      const check = verdict.beforeResend;
      if (check) {
        const pause = delayMs ?? policy.baseDelayMs;
        if (n >= callerAttempts || !roomFor(pause)) throw check.unasked;
        await sleepUnlessAborted(policy.sleep, pause, signal);
        if (signal?.aborted) throw check.unasked;
        const answer = await check.ask();
        if ('done' in answer) return answer.done;
        if (n >= maxAttempts || delayMs === undefined) return endWith(verdict);
        emitRetry(context, n, delayMs, `${verdict.reason}; ${answer.note}`);
        continue;
      }
      if (n >= maxAttempts || signal?.aborted || delayMs === undefined || !roomFor(delayMs)) {
        return endWith(verdict);
      }
      emitRetry(context, n, delayMs, verdict.reason);
      await sleepUnlessAborted(policy.sleep, delayMs, signal);
    }
  } catch (error) {
    throw reportError(context, error);
  }
}

/** The final answer of an idempotent call and how many attempts it took. */
export interface RetriedResult {
  result: HttpResult;
  attempts: number;
}

/**
 * The reading of a request that is safe to repeat: any answer but a retryable status (408, 429,
 * 5xx) is the call's answer; a retryable one is retried and, when the retries end, is the answer
 * too. Network errors and timeouts are retried; the last one is thrown.
 *
 * @example
 * const { result, attempts } = await sendWithRetries(context, policy, { spec, read: readIdempotent });
 */
export function readIdempotent(outcome: AttemptOutcome, attempts: number): AttemptVerdict<RetriedResult> {
  if ('result' in outcome) {
    const { result } = outcome;
    const answer = { result, attempts };
    if (result.status < 300 || classifyFailure({ status: result.status }) === 'final')
      return { done: answer };
    return {
      failure: result,
      otherwise: answer,
      reason: failureReason({ status: result.status }),
      retryAfter: result.headers.get('retry-after'),
    };
  }
  const { error } = outcome;
  if (classifyFailure({ error }) === 'final') return { fail: error };
  return { failure: error, reason: failureReason({ error }) };
}

/** Emits the `error` event of a failure that ends a call, and gives it back to be thrown. */
export function reportError(context: CallContext, error: unknown): unknown {
  if (isAffiliateRelayError(error)) {
    context.events.emit({ type: 'error', network: context.network, operation: context.operation, error });
  }
  return error;
}

async function attemptOutcome<T>(
  context: CallContext,
  call: RetriedCall<T>,
  n: number,
): Promise<AttemptOutcome> {
  try {
    return { result: await attempt(context, call.spec, n, call.logBody) };
  } catch (error) {
    return { error };
  }
}

function endWith<T>(last: Retryable<T>): T {
  if ('otherwise' in last) return last.otherwise as T;
  throw last.failure;
}

function emitRetry(context: CallContext, attempt: number, delayMs: number, reason: string): void {
  const { network, operation, events } = context;
  events.emit({ type: 'retry', network, operation, attempt, delayMs, reason });
}
