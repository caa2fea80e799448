import { DeliveryAmbiguousError, HttpError } from '@affiliate-relay/core';
import { attempt, type CallContext, failureReason } from '../../http/call';
import { deadlineError, leavesTime, sleepUnlessAborted } from '../../http/deadline';
import type { HttpRequestSpec, HttpResult } from '../../http/request-types';
import { httpErrorOf } from '../../http/retry-after';
import { backoffDelay, classifyFailure, type RetryPolicy, retryDelay } from '../../http/retry-policy';
import { redirectNote } from '../../http/send';
import { reportError } from '../../http/send-with-retries';
import { readAdjustmentAnswer } from './adjustment';

const SUBJECT = 'AvantLink MerchantTransactionAdjustment';

/** An adjustment AvantLink accepted, and how many attempts it took. */
export interface SentAdjustment {
  result: HttpResult;
  attempts: number;
}

/**
 * Sends one adjustment. AvantLink does not say whether an adjustment may be repeated (a second one
 * could reverse the commission twice), so it is resent only when the first provably did nothing:
 * a refused connection or unknown host, or a 429 / request-limit answer (a refusal), with the retry
 * policy's backoff, `Retry-After` and deadline. After a timeout, a dropped connection, a 408 or a
 * 5xx it throws an error with code `delivery_ambiguous` (its `cause.failure` is the failure) and
 * sends nothing more. Other answers: HttpError (a 429 one carries `retryAfterMs`).
 *
 * @example
 * const { result, attempts } = await sendAdjustment(context, policy, spec, params, redact);
 */
export async function sendAdjustment(
  context: CallContext,
  policy: RetryPolicy,
  spec: HttpRequestSpec,
  logBody: unknown,
  redact: (text: string) => string,
): Promise<SentAdjustment> {
  const { deadline, transport, signal } = context;
  const limit = Math.min(policy.limit, context.maxRetries ?? Number.POSITIVE_INFINITY);
  // Nothing sent yet: a stop or a deadline without room ends the call with code `timeout`.
  if (!leavesTime(deadline, transport.timeoutMs) || signal?.aborted) {
    throw reportError(context, deadlineError(SUBJECT));
  }
  for (let n = 1; ; n++) {
    let result: HttpResult;
    let failure: unknown;
    let delayMs: number | undefined;
    try {
      result = await attempt(context, spec, n, logBody);
    } catch (error) {
      const kind = classifyFailure({ error });
      if (kind === 'ambiguous') throw reportError(context, ambiguous(error));
      if (kind === 'final') throw reportError(context, error);
      // Never sent: nothing can have been applied, so a resend is safe.
      failure = error;
      delayMs = backoffDelay(policy, n);
    }
    if (failure === undefined) {
      const answer = readAdjustmentAnswer(result!);
      if (answer === 'accepted') return { result: result!, attempts: n };
      failure = adjustmentHttpError(result!, redact);
      if (answer === 'rejected') throw reportError(context, failure);
      if (answer === 'ambiguous') throw reportError(context, ambiguous(failure));
      // Rate-limited: refused before processing, so a resend is safe (when the wait fits).
      delayMs = retryDelay(policy, n, result!.headers.get('retry-after'));
    }
    if (
      n > limit ||
      signal?.aborted ||
      delayMs === undefined ||
      !leavesTime(deadline, delayMs + transport.timeoutMs)
    ) {
      throw reportError(context, failure);
    }
    const { network, operation, events } = context;
    const reason = failureReason(
      failure instanceof HttpError ? { status: failure.status } : { error: failure },
    );
    events.emit({ type: 'retry', network, operation, attempt: n, delayMs, reason });
    await sleepUnlessAborted(policy.sleep, delayMs, signal);
    // Stopped during the wait: nothing was applied, the last failure says why.
    if (signal?.aborted) throw reportError(context, failure);
  }
}

/**
 * The error of an adjustment that may have been applied: code `delivery_ambiguous`, never resent by
 * the client. Look in AvantLink's console before sending it again.
 */
function ambiguous(failure: unknown): DeliveryAmbiguousError {
  const reason = failure instanceof Error ? failure.message : String(failure);
  return new DeliveryAmbiguousError(
    `${SUBJECT} may have been applied (${reason}); AvantLink does not say whether an adjustment can be repeated safely, so it was not resent: check AvantLink's console before sending it again`,
    { cause: { failure } },
  );
}

function adjustmentHttpError(result: HttpResult, redact: (text: string) => string): HttpError {
  const text = redact(result.text);
  const redirect = redirectNote(result, redact);
  const detail = redirect ? '' : text.trim().slice(0, 200);
  // The redacted text, parsed again when it was JSON: an echo of the request keeps no auth key.
  const body = typeof result.body === 'string' ? text : parseJson(text);
  return httpErrorOf(
    result,
    body,
    `${SUBJECT} answered ${result.status}${redirect}${detail ? `: ${detail}` : ''}`,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
