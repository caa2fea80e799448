import { ConfigError, DeliveryAmbiguousError, HttpError } from '@affiliate-relay/core';
import { type CallContext, failureReason } from '../../http/call';
import { type CallOptions, checkCallOptions } from '../../http/deadline';
import { createEventEmitter, type EventEmitter } from '../../http/events';
import { checkHeaderValue, createTransport, normalizeBaseUrl } from '../../http/options';
import type { HttpRequestSpec, HttpResult, Transport } from '../../http/request-types';
import {
  classifyFailure,
  type FailureKind,
  type RetryPolicy,
  resolveRetryPolicy,
} from '../../http/retry-policy';
import { preloadKy } from '../../http/send';
import {
  type AttemptOutcome,
  type AttemptVerdict,
  readIdempotent,
  reportError,
  sendWithRetries,
} from '../../http/send-with-retries';
import { DEFAULT_SERVER_USER_AGENT } from '../../http/version';
import { loadSchemas, preloadSchemas } from '../../lazy-schemas';
import { AFLITE_CLIENT_SHAPE, checkNames } from '../option-names';
import { afliteHttpError, readGoalAnswer } from './goal-answer';
import { parseGoalFeed } from './goal-feed';
import { encodeParams, toGoalParams, toGoalQuery } from './params';
import type { AfliteClientOptions, AfliteGoalInput, AfliteGoalRecord, AfliteGoalResult } from './types';

/** The only Aflite URL its pages document (http). */
export const AFLITE_BASE_URL = 'http://aflite.co.uk';

const REGISTER_PATH = 'data/register/goal';
const GOALS_PATH = 'data/goals';

/**
 * Aflite's Advanced Tracking API. A reused merchant reference (`mref`) is an error at Aflite, so a
 * goal is never resent blindly: after a timeout, a dropped connection or a 408/429/5xx the client
 * first asks the goal feed (`findGoal`) and resends only when the goal is not there. Only a request
 * that provably never left (refused connection, unknown host) is retried straight away.
 *
 * @example
 * const aflite = new AfliteClient({ apiKey: process.env.AFLITE_API_KEY!, merchantId: 'm-123' });
 * await aflite.registerGoal({ clickSessionId, goalId: '1', merchantRef: order.id, value: 10.99 });
 */
export class AfliteClient {
  readonly merchantId: string;
  readonly baseUrl: string;
  readonly method: 'POST' | 'GET';
  readonly #apiKey: string;
  readonly #userAgent: string;
  readonly #transport: Transport;
  readonly #retry: RetryPolicy;
  readonly #events: EventEmitter;

  constructor(options: AfliteClientOptions) {
    checkNames(options, AFLITE_CLIENT_SHAPE, 'AfliteClient');
    if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
      throw new ConfigError('AfliteClient: apiKey is required');
    }
    if (typeof options.merchantId !== 'string' || options.merchantId.trim() === '') {
      throw new ConfigError('AfliteClient: merchantId is required');
    }
    if (options.method !== undefined && options.method !== 'POST' && options.method !== 'GET') {
      throw new ConfigError("AfliteClient: method must be 'POST' or 'GET'");
    }
    this.#apiKey = options.apiKey;
    this.merchantId = options.merchantId;
    this.method = options.method ?? 'POST';
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? AFLITE_BASE_URL, 'AfliteClient: baseUrl');
    this.#userAgent = checkHeaderValue(
      options.userAgent ?? DEFAULT_SERVER_USER_AGENT,
      'AfliteClient: userAgent',
    );
    this.#transport = createTransport(options, 'AfliteClient');
    preloadKy();
    this.#retry = resolveRetryPolicy(options.retry);
    this.#events = createEventEmitter(options.logger, [options.apiKey]);
    // Loaded now, in the background, rather than by the first call (the package's import stays light).
    preloadSchemas();
  }

  /**
   * Closes the sockets this client keeps open for reuse (idle ones never hold the process open);
   * calls still under way fail. A later call opens new sockets. Nothing to close with a `fetch` of
   * your own. The relay's `close()` calls it.
   *
   * @example
   * process.on('SIGTERM', () => aflite.close());
   */
  close(): void {
    this.#transport.connections?.close();
  }
  /**
   * Registers a goal (a sale, a sign-up…). Resolves `recorded`, or `already-recorded` when an
   * ambiguous failure turned out to have recorded it (a resend answered "Merchant Reference Must be
   * Unique", or the goal feed showed it). The same answer to a first send is a DeliveryAmbiguousError
   * (code `delivery_ambiguous`): the reference is taken, but not known to be by this goal. Throws ValidationError before sending,
   * HttpError on a rejection, and after ambiguous failures the last error (or an error with code
   * `delivery_ambiguous` when the goal feed could not be asked). With `options.deadline` it starts
   * no send, resend, wait or lookup that could end after it, and throws instead: `delivery_ambiguous`
   * when a goal it sent may be recorded (ask the feed before sending again), else the last failure,
   * else (nothing sent) an error with code `timeout`.
   *
   * @example
   * const { outcome } = await aflite.registerGoal({ clickSessionId: 'abc123', goalId: '1', merchantRef: '12345', value: '10.99' });
   */
  async registerGoal(input: AfliteGoalInput, options: CallOptions = {}): Promise<AfliteGoalResult> {
    const context = this.#context('register-goal');
    let params: Record<string, string | undefined>;
    await loadSchemas();
    try {
      Object.assign(context, checkCallOptions(options));
      params = toGoalParams(this.#credentials(), input);
    } catch (error) {
      throw reportError(context, error);
    }
    return sendWithRetries(context, this.#retry, {
      spec: this.#spec(REGISTER_PATH, params, 'text/plain, */*'),
      read: (outcome, n) => this.#readGoal(context, outcome, n, params),
      logBody: params,
      subject: 'Aflite register/goal',
    });
  }

  /**
   * Asks Aflite's goal retrieval feed for the goal with this merchant reference. Safe to retry.
   * `options.deadline` bounds it, retries included.
   *
   * @example
   * const goal = await aflite.findGoal('12345'); // undefined when Aflite has none
   */
  async findGoal(merchantRef: string, options: CallOptions = {}): Promise<AfliteGoalRecord | undefined> {
    const context = this.#context('find-goal');
    try {
      Object.assign(context, checkCallOptions(options));
    } catch (error) {
      throw reportError(context, error);
    }
    return this.#findGoal(context, merchantRef);
  }

  async #findGoal(context: CallContext, merchantRef: string): Promise<AfliteGoalRecord | undefined> {
    let params: Record<string, string>;
    await loadSchemas();
    try {
      params = toGoalQuery(this.#credentials(), merchantRef);
    } catch (error) {
      throw reportError(context, error);
    }
    const spec = this.#spec(GOALS_PATH, params, 'application/xml, text/xml, */*');
    const { result } = await sendWithRetries(context, this.#retry, {
      spec,
      read: readIdempotent,
      logBody: params,
    });
    if (result.status >= 200 && result.status < 300) return parseGoalFeed(result.text, merchantRef);
    throw reportError(context, afliteHttpError(GOALS_PATH, result, this.#events.redactText));
  }

  async #readGoal(
    context: CallContext,
    outcome: AttemptOutcome,
    n: number,
    params: Record<string, string | undefined>,
  ): Promise<AttemptVerdict<AfliteGoalResult>> {
    if ('error' in outcome)
      return this.#retryable(context, classifyFailure(outcome), outcome.error, n, params);
    const { result } = outcome;
    const answer = readGoalAnswer(result);
    if (answer === 'recorded') return { done: { outcome: answer, attempts: n } };
    if (answer === 'already-recorded') {
      // Only a resend may find its own goal recorded. On a first send the reference was taken by
      // something else (another order, or an earlier process whose goal the feed does not show yet):
      // never reported as sent.
      if (n > 1) return { done: { outcome: answer, attempts: n } };
      const refused = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
      return {
        fail: new DeliveryAmbiguousError(
          `${refused.message} on a first send: the reference is taken, and this goal is not known to be recorded: check it in Aflite`,
          { cause: refused },
        ),
      };
    }
    if (answer === 'unrecognised')
      return { done: await this.#settleUnrecognised(result, n, params, context) };
    const error = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
    if (answer === 'rejected') return { fail: error };
    return this.#retryable(context, 'ambiguous', error, n, params, result.headers.get('retry-after'));
  }

  /**
   * A failed send of a goal: resent at once only when it provably never left (or in trace mode, where
   * nothing is recorded); after an ambiguous failure (timeout, dropped connection, 408/429/5xx) the
   * goal may be recorded, so the goal feed is asked first, after the wait, and it is resent only when
   * the feed does not show it.
   */
  #retryable(
    context: CallContext,
    kind: FailureKind,
    error: unknown,
    n: number,
    params: Record<string, string | undefined>,
    retryAfter?: string | null,
  ): AttemptVerdict<AfliteGoalResult> {
    if (kind === 'final') return { fail: error };
    const retryable = { failure: error, reason: failureReason({ error }), retryAfter };
    if (kind === 'never-sent' || params.traceOnly === '1') return retryable;
    const ask = async () =>
      (await this.#lookupAfterFailure(context, params.mref ?? '', error))
        ? { done: { outcome: 'already-recorded' as const, attempts: n } }
        : { note: 'goal feed does not show it' };
    return { ...retryable, beforeResend: { ask, unasked: mayBeRecorded(error) } };
  }

  /**
   * After a 2xx answer the client does not recognise: `recorded` only when the goal feed shows the goal;
   * otherwise a final failure carrying the answer (never a resend: the goal may be recorded, and a reused
   * mref is put in error at Aflite). In trace mode nothing is recorded, so there is nothing to look up.
   */
  async #settleUnrecognised(
    result: HttpResult,
    n: number,
    params: Record<string, string | undefined>,
    { deadline }: CallContext,
  ): Promise<AfliteGoalResult> {
    const answer = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
    const fail = (why: string) =>
      new HttpError(
        result.status,
        answer.body,
        `${answer.message} (an answer the client does not recognise); ${why}`,
      );
    if (params.traceOnly === '1') throw fail('trace mode records nothing to look up');
    let found: AfliteGoalRecord | undefined;
    try {
      found = await this.#findGoal({ ...this.#context('find-goal'), deadline }, params.mref ?? '');
    } catch {
      throw fail('the goal feed could not be asked: check the goal in Aflite before sending it again');
    }
    if (found) return { outcome: 'recorded', attempts: n };
    throw fail('the goal feed does not show the goal: it is not sent again');
  }

  // Whether the goal feed shows the goal; a DeliveryAmbiguousError when it could not be asked.
  async #lookupAfterFailure(
    { deadline, signal }: CallContext,
    mref: string,
    failure: unknown,
  ): Promise<boolean> {
    try {
      return (await this.#findGoal({ ...this.#context('find-goal'), deadline, signal }, mref)) !== undefined;
    } catch (lookupError) {
      throw new DeliveryAmbiguousError(
        'Aflite register/goal may have arrived and the goal feed could not be asked: do not resend it blindly',
        { cause: { failure, lookupError } },
      );
    }
  }

  #spec(path: string, params: Record<string, string | undefined>, accept: string): HttpRequestSpec {
    const encoded = encodeParams(params);
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': this.#userAgent };
    if (this.method === 'GET') return { method: 'GET', url: `${this.baseUrl}/${path}?${encoded}`, headers };
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return { method: 'POST', url: `${this.baseUrl}/${path}`, headers, body: encoded };
  }

  #context(operation: string): CallContext {
    return { network: 'aflite', operation, events: this.#events, transport: this.#transport };
  }

  #credentials() {
    return { apiKey: this.#apiKey, merchantId: this.merchantId };
  }
}

// What a registerGoal throws when it stops (its deadline, its signal, its own maxAttempts) after a
// failure that may have recorded the goal, before the goal feed was asked: the next try must ask first.
function mayBeRecorded(failure: unknown): DeliveryAmbiguousError {
  return new DeliveryAmbiguousError(
    'Aflite register/goal stopped at its deadline and the goal may have been recorded: ask the goal feed before sending it again',
    { cause: { failure } },
  );
}
