import type { HttpError } from '@affiliate-relay/core';
import type { HttpResult } from '../../http/request-types';
import { httpErrorOf } from '../../http/retry-after';
import { redirectNote } from '../../http/send';

/*
 * How an answer of `register/goal` is read. Aflite does not document its answers: its errors are
 * published in its Tracking Error Report with these texts, and may come back with any status.
 * So the texts count as much as the status does.
 */

/** Aflite's own wording for a reused merchant reference. */
export const NOT_UNIQUE_TEXT = /merchant reference must be unique/i;

const ERROR_TEXTS = [
  /goal id is missing/i,
  /value is missing/i,
  /value is not a number/i,
  /merchant reference is missing/i,
  /click session id is missing/i,
  /merchant id is missing/i,
  /api ?key is (missing|invalid)/i,
];

/**
 * The answers of a recorded goal the client knows: `OK` (`TRACE OK` in trace mode), in any case, with
 * whitespace around it. NOTE: Aflite publishes no success answer; these are the testkit's (and what the
 * API answered in the examples we have). Any other 2xx text, an empty body included, is `unrecognised`:
 * it costs one goal-feed lookup, and the goal still counts as recorded when the feed shows it.
 */
const RECORDED_TEXT = /^\s*(trace\s+)?ok\s*$/i;

/**
 * - `recorded`: accepted;
 * - `already-recorded`: the reference is taken (a resend of a goal that arrived earlier);
 * - `rejected`: an error that a resend cannot fix (bad parameter, bad key, other 4xx), or a
 *   redirect (3xx, never followed): the request was answered with "go elsewhere", not processed,
 *   so the goal was not recorded and the base URL needs fixing;
 * - `retryable`: 408, 429 or 5xx, which may or may not have recorded the goal;
 * - `unrecognised`: a 2xx whose text is neither a known success nor one of Aflite's published errors
 *   (`ERROR: Invalid API key`, an empty body, a proxy's page): only the goal feed can tell whether the
 *   goal was recorded, and a resend is never safe.
 */
export type GoalAnswer = 'recorded' | 'already-recorded' | 'rejected' | 'retryable' | 'unrecognised';

/**
 * @example
 * readGoalAnswer({ status: 200, text: 'OK', … }); // 'recorded'
 */
export function readGoalAnswer(result: Pick<HttpResult, 'status' | 'text'>): GoalAnswer {
  const { status, text } = result;
  if (NOT_UNIQUE_TEXT.test(text) || status === 409) return 'already-recorded';
  if (status >= 200 && status < 300) {
    if (ERROR_TEXTS.some((re) => re.test(text))) return 'rejected';
    return RECORDED_TEXT.test(text) ? 'recorded' : 'unrecognised';
  }
  if (status === 408 || status === 429 || (status >= 500 && status <= 599)) return 'retryable';
  return 'rejected';
}

/**
 * An HttpError for an Aflite answer, with its text passed through `redact` first (an echo of the
 * request must not carry the API key into an error), and `retryAfterMs` from its `Retry-After`.
 */
export function afliteHttpError(
  path: string,
  result: HttpResult,
  redact: (text: string) => string,
): HttpError {
  const text = redact(result.text);
  const redirect = redirectNote(result, redact);
  // A redirect's body is a page about the move: its Location says all there is to say.
  const detail = redirect ? '' : text.trim().slice(0, 200);
  return httpErrorOf(
    result,
    text,
    `Aflite ${path} answered ${result.status}${redirect}${detail ? `: ${detail}` : ''}`,
  );
}
