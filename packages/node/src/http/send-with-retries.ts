import { isAffiliateRelayError } from '@affiliate-relay/core';
import { attempt, type CallContext, failureReason } from './call';
import { deadlineError, leavesTime, sleepUnlessAborted } from './deadline';
import type { HttpRequestSpec, HttpResult } from './request-types';
import { backoffDelay, classifyFailure, type RetryPolicy, retryDelay } from './retry-policy';

/** The final answer of a call and how many attempts it took. */
export interface RetriedResult {
  result: HttpResult;
  attempts: number;
}

/**
 * Sends a request that is safe to repeat (an idempotent one), retrying as the policy says.
 * Resolves with the last HTTP answer (success, a status that is not retried, or the last retryable
 * one when the retries ran out); rejects with the last network error or timeout. A retry (its wait
 * and its attempt) that could end after `context.deadline` is not made: the retries end there, and
 * a first attempt without room rejects with a `timeout` error, nothing sent.
 *
 * @example
 * const { result, attempts } = await sendWithRetries(context, policy, spec, body);
 */
export async function sendWithRetries(
  context: CallContext,
  policy: RetryPolicy,
  spec: HttpRequestSpec,
  logBody?: unknown,
): Promise<RetriedResult> {
  const { deadline, transport, signal } = context;
  const limit = Math.min(policy.limit, context.maxRetries ?? Number.POSITIVE_INFINITY);
  if (!leavesTime(deadline, transport.timeoutMs)) {
    throw reportError(context, deadlineError(`${context.network} ${context.operation}`));
  }
  for (let attemptNumber = 1; ; attemptNumber++) {
    let delayMs: number | undefined;
    let reason: string;
    let last: { result: HttpResult } | { error: unknown };
    try {
      const result = await attempt(context, spec, attemptNumber, logBody);
      last = { result };
      if (result.status < 300 || classifyFailure({ status: result.status }) === 'final') {
        return { result, attempts: attemptNumber };
      }
      if (attemptNumber > limit || signal?.aborted) return { result, attempts: attemptNumber };
      delayMs = retryDelay(policy, attemptNumber, result.headers.get('retry-after'));
      if (delayMs === undefined || !leavesTime(deadline, delayMs + transport.timeoutMs)) {
        return { result, attempts: attemptNumber };
      }
      reason = failureReason({ status: result.status });
    } catch (error) {
      if (classifyFailure({ error }) === 'final' || attemptNumber > limit || signal?.aborted) {
        throw reportError(context, error);
      }
      delayMs = backoffDelay(policy, attemptNumber);
      if (!leavesTime(deadline, delayMs + transport.timeoutMs)) throw reportError(context, error);
      reason = failureReason({ error });
      last = { error };
    }
    context.events.emit({
      type: 'retry',
      network: context.network,
      operation: context.operation,
      attempt: attemptNumber,
      delayMs: delayMs ?? 0,
      reason,
    });
    await sleepUnlessAborted(policy.sleep, delayMs ?? 0, signal);
    // Stopped during the wait: the call ends with what the last attempt gave.
    if (signal?.aborted) {
      if ('result' in last) return { result: last.result, attempts: attemptNumber };
      throw reportError(context, last.error);
    }
  }
}

/** Emits the `error` event of a failure that ends a call, and gives it back to be thrown. */
export function reportError(context: CallContext, error: unknown): unknown {
  if (isAffiliateRelayError(error)) {
    context.events.emit({ type: 'error', network: context.network, operation: context.operation, error });
  }
  return error;
}
