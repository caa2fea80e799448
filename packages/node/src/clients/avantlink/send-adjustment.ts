import { DeliveryAmbiguousError, type HttpError } from '@affiliate-relay/core';
import { type CallContext, failureReason } from '../../http/call';
import type { HttpRequestSpec, HttpResult } from '../../http/request-types';
import { httpErrorOf } from '../../http/retry-after';
import { classifyFailure, type RetryPolicy } from '../../http/retry-policy';
import { redirectNote } from '../../http/send';
import { type AttemptOutcome, type AttemptVerdict, sendWithRetries } from '../../http/send-with-retries';
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
export function sendAdjustment(
  context: CallContext,
  policy: RetryPolicy,
  spec: HttpRequestSpec,
  logBody: unknown,
  redact: (text: string) => string,
): Promise<SentAdjustment> {
  const read = (outcome: AttemptOutcome, attempts: number): AttemptVerdict<SentAdjustment> => {
    if ('error' in outcome) {
      const { error } = outcome;
      const kind = classifyFailure({ error });
      if (kind === 'ambiguous') return { fail: ambiguous(error) };
      if (kind === 'final') return { fail: error };
      // Never sent: nothing can have been applied, so a resend is safe.
      return { failure: error, reason: failureReason({ error }) };
    }
    const { result } = outcome;
    const answer = readAdjustmentAnswer(result);
    if (answer === 'accepted') return { done: { result, attempts } };
    const failure = adjustmentHttpError(result, redact);
    if (answer === 'rejected') return { fail: failure };
    if (answer === 'ambiguous') return { fail: ambiguous(failure) };
    // Rate-limited: refused before processing, so a resend is safe (when the wait fits).
    return {
      failure,
      reason: failureReason({ status: result.status }),
      retryAfter: result.headers.get('retry-after'),
    };
  };
  return sendWithRetries(context, policy, { spec, read, logBody, subject: SUBJECT });
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
