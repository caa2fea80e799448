import { ConfigError, DeliveryAmbiguousError, HttpError } from '@affiliate-relay/core';
import { attempt, type CallContext, failureReason } from '../../http/call';
import {
  type CallOptions,
  checkCallOptions,
  deadlineError,
  leavesTime,
  sleepUnlessAborted,
} from '../../http/deadline';
import { createEventEmitter, type EventEmitter } from '../../http/events';
import { checkHeaderValue, createTransport, normalizeBaseUrl } from '../../http/options';
import type { HttpRequestSpec, HttpResult, Transport } from '../../http/request-types';
import {
  classifyFailure,
  type FailureKind,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from '../../http/retry-policy';
import { preloadKy } from '../../http/send';
import { reportError, sendWithRetries } from '../../http/send-with-retries';
import { DEFAULT_SERVER_USER_AGENT } from '../../http/version';
import { loadSchemas, preloadSchemas } from '../../lazy-schemas';
import { afliteHttpError, readGoalAnswer } from './goal-answer';
import { parseGoalFeed } from './goal-feed';
import { encodeParams, toGoalParams, toGoalQuery } from './params';
import type { AfliteClientOptions, AfliteGoalInput, AfliteGoalRecord, AfliteGoalResult } from './types';

/** The only Aflite URL its pages document (http). */
export const AFLITE_BASE_URL = 'http://aflite.co.uk';

const REGISTER_PATH = 'data/register/goal';
const GOALS_PATH = 'data/goals';

type Attempted =
  | { done: AfliteGoalResult }
  | { unrecognised: HttpResult }
  | { kind: FailureKind; error: unknown; retryAfter?: string | null };

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
    let deadline: number | undefined;
    let signal: AbortSignal | undefined;
    let limit: number;
    let callerLimit: number;
    await loadSchemas();
    try {
      const checked = checkCallOptions(options);
      ({ deadline, signal } = checked);
      context.signal = signal;
      callerLimit = checked.maxRetries;
      limit = Math.min(this.#retry.limit, callerLimit);
      params = toGoalParams(this.#credentials(), input);
    } catch (error) {
      throw reportError(context, error);
    }
    const spec = this.#spec(REGISTER_PATH, params, 'text/plain, */*');
    // Nothing is recorded in trace mode, so a resend is harmless there and needs no lookup.
    const traceOnly = params.traceOnly === '1';
    // Whether a goal this call sent may be recorded, without the feed having said it is not.
    let mayBeRecorded = false;
    let lastError: unknown;
    for (let n = 1; ; n++) {
      if (!this.#leaves(deadline, 0) || signal?.aborted) {
        throw reportError(context, stopped(mayBeRecorded, lastError));
      }
      const tried = await this.#tryGoal(context, spec, n, params);
      if ('done' in tried) return tried.done;
      if ('unrecognised' in tried)
        return this.#settleUnrecognised(context, tried.unrecognised, n, params, deadline);
      const { kind, error } = tried;
      lastError = error;
      const delayMs = retryDelay(this.#retry, n, tried.retryAfter);
      if (kind === 'final') throw reportError(context, error);
      if (kind === 'never-sent' || traceOnly) {
        if (n > limit || delayMs === undefined) throw reportError(context, error);
        if (!this.#leaves(deadline, delayMs)) throw reportError(context, stopped(mayBeRecorded, error));
        this.#emitRetry(context, n, delayMs, failureReason({ error }));
        await sleepUnlessAborted(this.#retry.sleep, delayMs, signal);
        continue;
      }
      // Ambiguous: the goal may be recorded. Give Aflite a moment, then ask before any resend
      // (unless this call may not try again: then the caller asks, before its next attempt).
      mayBeRecorded = true;
      const pause = delayMs ?? this.#retry.baseDelayMs;
      if (n > callerLimit || !this.#leaves(deadline, pause)) throw reportError(context, stopped(true, error));
      await sleepUnlessAborted(this.#retry.sleep, pause, signal);
      if (signal?.aborted) throw reportError(context, stopped(true, error));
      const found = await this.#lookupAfterFailure(context, params.mref ?? '', error, deadline, signal);
      if (found) return { outcome: 'already-recorded', attempts: n };
      mayBeRecorded = false;
      if (n > limit || delayMs === undefined) throw reportError(context, error);
      this.#emitRetry(context, n, delayMs, `${failureReason({ error })}; goal feed does not show it`);
    }
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
    const { result } = await sendWithRetries(context, this.#retry, spec, params);
    if (result.status >= 200 && result.status < 300) return parseGoalFeed(result.text, merchantRef);
    throw reportError(context, afliteHttpError(GOALS_PATH, result, this.#events.redactText));
  }

  async #tryGoal(context: CallContext, spec: HttpRequestSpec, n: number, params: object): Promise<Attempted> {
    try {
      const result = await attempt(context, spec, n, params);
      const answer = readGoalAnswer(result);
      if (answer === 'recorded') return { done: { outcome: answer, attempts: n } };
      if (answer === 'already-recorded') {
        // Only a resend may find its own goal recorded. On a first send the reference was taken by
        // something else (another order, or an earlier process whose goal the feed does not show yet):
        // never reported as sent.
        if (n > 1) return { done: { outcome: answer, attempts: n } };
        const refused = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
        return {
          kind: 'final',
          error: new DeliveryAmbiguousError(
            `${refused.message} on a first send: the reference is taken, and this goal is not known to be recorded: check it in Aflite`,
            { cause: refused },
          ),
        };
      }
      if (answer === 'unrecognised') return { unrecognised: result };
      const error = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
      if (answer === 'rejected') return { kind: 'final', error };
      return { kind: 'ambiguous', error, retryAfter: result.headers.get('retry-after') };
    } catch (error) {
      return { kind: classifyFailure({ error }), error };
    }
  }

  /**
   * After a 2xx answer the client does not recognise: `recorded` only when the goal feed shows the goal;
   * otherwise a final failure carrying the answer (never a resend: the goal may be recorded, and a reused
   * mref is put in error at Aflite). In trace mode nothing is recorded, so there is nothing to look up.
   */
  async #settleUnrecognised(
    context: CallContext,
    result: HttpResult,
    n: number,
    params: Record<string, string | undefined>,
    deadline: number | undefined,
  ): Promise<AfliteGoalResult> {
    const answer = afliteHttpError(REGISTER_PATH, result, this.#events.redactText);
    const fail = (why: string) =>
      reportError(
        context,
        new HttpError(
          result.status,
          answer.body,
          `${answer.message} (an answer the client does not recognise); ${why}`,
        ),
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

  async #lookupAfterFailure(
    context: CallContext,
    mref: string,
    failure: unknown,
    deadline: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    try {
      return (await this.#findGoal({ ...this.#context('find-goal'), deadline, signal }, mref)) !== undefined;
    } catch (lookupError) {
      const error = new DeliveryAmbiguousError(
        'Aflite register/goal may have arrived and the goal feed could not be asked: do not resend it blindly',
        { cause: { failure, lookupError } },
      );
      throw reportError(context, error);
    }
  }

  #spec(path: string, params: Record<string, string | undefined>, accept: string): HttpRequestSpec {
    const encoded = encodeParams(params);
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': this.#userAgent };
    if (this.method === 'GET') return { method: 'GET', url: `${this.baseUrl}/${path}?${encoded}`, headers };
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return { method: 'POST', url: `${this.baseUrl}/${path}`, headers, body: encoded };
  }

  // Room for `waitMs`, then one attempt (which may last timeoutMs), before the deadline.
  #leaves(deadline: number | undefined, waitMs: number): boolean {
    return leavesTime(deadline, waitMs + this.#transport.timeoutMs);
  }

  #context(operation: string): CallContext {
    return { network: 'aflite', operation, events: this.#events, transport: this.#transport };
  }

  #credentials() {
    return { apiKey: this.#apiKey, merchantId: this.merchantId };
  }

  #emitRetry(context: CallContext, attemptNumber: number, delayMs: number, reason: string): void {
    const { network, operation, events } = context;
    events.emit({ type: 'retry', network, operation, attempt: attemptNumber, delayMs, reason });
  }
}

// What a registerGoal stopped by its deadline throws: `delivery_ambiguous` when a goal it sent may
// be recorded (the next try must ask the feed first), else its last failure, else the deadline itself.
function stopped(mayBeRecorded: boolean, lastError: unknown): unknown {
  if (mayBeRecorded) {
    return new DeliveryAmbiguousError(
      'Aflite register/goal stopped at its deadline and the goal may have been recorded: ask the goal feed before sending it again',
      { cause: { failure: lastError } },
    );
  }
  return lastError ?? deadlineError('Aflite register/goal');
}
