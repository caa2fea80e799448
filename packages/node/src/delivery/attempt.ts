import {
  type AffiliateRelayError,
  ConfigError,
  DeliveryAmbiguousError,
  isAffiliateRelayError,
  isErrorNamed,
  StoreError,
} from '@affiliate-relay/core';
import { retryAfterOf } from '../http/retry-after';
import { isRetryableStatus } from '../http/retry-policy';
import {
  ATTEMPT_LOG_SIZE,
  type AttemptLogEntry,
  type DeliveryError,
  type DeliveryRecord,
  type DeliveryStatus,
} from './contract';
import { type NetworkDefinition, networkOf } from './network';

/**
 * Outcome of one delivery attempt toward a network: the delivery's status after it (`pending`: the
 * worker tries again later).
 */
export type DeliveryOutcome = DeliveryStatus;

/** How one attempt may run. */
export interface AttemptOptions {
  /** When the calls must be over: the lock's expiry less a margin. Default: none. */
  deadline?: number;
  /** Stops the calls (close, checkout budget). Default: none. */
  signal?: AbortSignal;
  /** One attempt, no retry (the checkout's): the worker retries later. Default: false. */
  single?: boolean;
  /**
   * The relay runs in test mode: only test deliveries (`record.test`) are sent, through their network's
   * `testMode` senders. Default: false (live: a test delivery is never sent).
   */
  testMode?: boolean;
}

/** What one attempt came to. */
export type AttemptResult =
  | { outcome: 'sent' }
  | {
      outcome: 'pending' | 'failed';
      error: AffiliateRelayError;
      /**
       * Pending without a call made, for a reason that is not the delivery's (a live delivery met by a
       * relay in test mode): the attempt is given back, and it is due again after {@link UNCOUNTED_WAIT_MS}.
       */
      uncounted?: true;
    };

/** How long a delivery left alone by a relay in the other mode waits before it is looked at again. */
export const UNCOUNTED_WAIT_MS = 60_000;

/**
 * Whether a failure may pass if tried later: no connection, a timeout (or a call its deadline
 * stopped), 408, 429 or 5xx (after the client's own retries), or an Aflite goal whose fate could
 * not be checked. Anything else (a 4xx, a redirect, a validation error) will fail the same way again.
 *
 * @example
 * isTransientFailure(new HttpError(503, '', 'down')); // true
 */
export function isTransientFailure(error: unknown): boolean {
  if (isErrorNamed(error, 'NetworkError') || isErrorNamed(error, 'TimeoutError')) return true;
  if (isErrorNamed(error, 'HttpError')) return isRetryableStatus(error.status);
  return isAffiliateRelayError(error) && (error.code === 'delivery_ambiguous' || error.code === 'timeout');
}

/**
 * Sends one delivery through its network's definition. `record.attempts` counts this attempt already
 * (stores count an attempt before it starts), so above 1 an earlier one may have reached the network:
 * a timeout after the request left, or a process that died mid-call. Then a network with an
 * exactly-once lookup (`confirm`: Aflite's goal feed, since a reused `mref` is put in error there) is
 * asked first, and the request is sent again only when the lookup does not show it. `deadline` (the
 * lock's expiry minus a margin) goes to every call: none may still send once another worker can take
 * the delivery.
 *
 * @example
 * const result = await attemptDelivery(record, config.networks, { deadline });
 */
export async function attemptDelivery(
  record: DeliveryRecord,
  networks: readonly NetworkDefinition[],
  options: AttemptOptions = {},
): Promise<AttemptResult> {
  const call = {
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.single ? { maxAttempts: 1 } : {}),
  };
  const network = networkOf(networks, record.network);
  // A pending delivery to a network this relay no longer configures waits for one that does.
  if (!network) return notConfigured(record);
  const testMode = options.testMode === true;
  if ((record.test === true) !== testMode) return otherMode(testMode);
  const send = testMode ? network.testMode?.send[record.kind] : network.send[record.kind];
  if (testMode && !send) {
    const why = network.testMode?.unsent ?? `${network.name} has no test mode`;
    return {
      outcome: 'failed',
      error: new ConfigError(`Test mode: this ${record.kind} was not sent to ${network.name}. ${why}`),
    };
  }
  const missing = network.storedFields[record.kind]?.find((field) => !(field in record.request));
  if (!send || missing) {
    const reason = send ? `its request has no ${missing}` : `${record.network} takes no ${record.kind}`;
    return { outcome: 'failed', error: new StoreError(`A stored delivery cannot be sent: ${reason}`) };
  }
  try {
    if (
      record.attempts > 1 &&
      network.confirm &&
      (await network.confirm(record.kind, record.request, call))
    ) {
      return { outcome: 'sent' };
    }
    await send(record.request, { call, attempts: record.attempts });
    return { outcome: 'sent' };
  } catch (thrown) {
    const error = asAffiliateRelayError(thrown);
    const special =
      record.kind === 'reversal' && 'outcomeOf' in network.reversal
        ? network.reversal.outcomeOf?.(error)
        : undefined;
    return { outcome: special ?? (isTransientFailure(error) ? 'pending' : 'failed'), error };
  }
}

// A test delivery is never sent live: it ends failed (a live relay has no use for it). A live delivery
// met by a relay in test mode waits, pending, for a live relay (test mode would send it nowhere real).
function otherMode(testMode: boolean): AttemptResult {
  return testMode
    ? {
        outcome: 'pending',
        error: new ConfigError('A live delivery waits for a relay in live mode: this relay is in test mode'),
        uncounted: true,
      }
    : {
        outcome: 'failed',
        error: new ConfigError(
          'Recorded in test mode: a relay in live mode never sends it (record it again with test mode off)',
        ),
      };
}

function notConfigured(record: DeliveryRecord): AttemptResult {
  return { outcome: 'pending', error: new ConfigError(`${record.network} is not configured on this relay`) };
}

/** When and how often a pending delivery is tried again. */
export interface RedeliverySchedule {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/**
 * The record after an attempt (counted in `attempts` when it started): `sent`, `failed`, or
 * `pending` with its next attempt due after a
 * doubling wait (`baseDelayMs`, 2×, 4×… up to `maxDelayMs`), or after the network's `Retry-After`
 * when that is longer. A delivery still pending after `maxAttempts` attempts becomes `failed`.
 *
 * @example
 * await store.update(afterAttempt(record, result, Date.now(), schedule));
 */
export function afterAttempt(
  record: DeliveryRecord,
  result: AttemptResult,
  now: number,
  schedule: RedeliverySchedule,
): { record: DeliveryRecord; outcome: DeliveryOutcome } {
  const { attempts } = record;
  // The lock is released; its token stays, so this worker's update still matches it.
  // `sendingSince` is cleared: this attempt's outcome is known and saved with it.
  const { lockedUntil: _released, lastError: _previous, sendingSince: _sending, ...rest } = record;
  const base = { ...rest, updatedAt: now } as DeliveryRecord;
  if (result.outcome === 'sent') {
    return { record: logged({ ...base, status: 'sent' }, { outcome: 'sent' }), outcome: 'sent' };
  }
  const lastError = toDeliveryError(result.error);
  if (result.uncounted) {
    return {
      record: {
        ...base,
        status: 'pending',
        attempts: attempts - 1,
        nextAttemptAt: now + UNCOUNTED_WAIT_MS,
        lastError,
      },
      outcome: 'pending',
    };
  }
  if (result.outcome === 'failed' || attempts >= schedule.maxAttempts) {
    const given = { ...base, status: 'failed', lastError } as DeliveryRecord;
    return { record: logged(given, { outcome: 'failed', error: lastError }), outcome: 'failed' };
  }
  // baseDelayMs 0 (tests) makes a failed delivery due again at once.
  const step = schedule.baseDelayMs * 2 ** Math.min(attempts - 1, 30);
  // A network's Retry-After means "not before": it outranks the backoff, and maxDelayMs too.
  const nextAttemptAt = now + Math.max(Math.min(step, schedule.maxDelayMs), retryAfterOf(result.error) ?? 0);
  const waiting = { ...base, status: 'pending', nextAttemptAt, lastError } as DeliveryRecord;
  return {
    record: logged(waiting, { outcome: 'pending', error: lastError, nextAttemptAt }),
    outcome: 'pending',
  };
}

// The attempt appended to the record's log, which keeps the newest ATTEMPT_LOG_SIZE: what
// `explainOrder` shows survives restarts and works in every store (it is part of the record's JSON),
// at a bounded cost (about 400 bytes an entry: the message is cut at 300 characters).
function logged(
  record: DeliveryRecord,
  entry: Pick<AttemptLogEntry, 'outcome' | 'error' | 'nextAttemptAt'>,
): DeliveryRecord {
  const { error, ...rest } = entry;
  const item: AttemptLogEntry = { attempt: record.attempts, at: record.updatedAt, ...rest };
  if (error) item.error = { ...error, message: error.message.slice(0, 300) };
  return { ...record, log: [...(record.log ?? []), item].slice(-ATTEMPT_LOG_SIZE) };
}

/**
 * An error as plain JSON for the store.
 *
 * @example
 * toDeliveryError(new HttpError(503, '', 'AvantLink tracking/order answered 503'));
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (!(error instanceof Error) && !isAffiliateRelayError(error)) {
    return { name: 'Error', message: String(error) };
  }
  const { name, message } = error as Error;
  const out: DeliveryError = { name, message };
  if (isAffiliateRelayError(error)) out.code = error.code;
  if (isErrorNamed(error, 'HttpError')) out.status = error.status;
  return out;
}

/**
 * What a client threw, as an SDK error: the clients throw only those, but a stand-in client or a bug
 * may throw anything. Such a throw came from inside a send whose fate is unknown, so it is a
 * DeliveryAmbiguousError (the original as `cause`): the delivery stays pending and Aflite's goal feed
 * is asked before a resend.
 *
 * @example
 * asAffiliateRelayError(new TypeError('x')); // DeliveryAmbiguousError, code delivery_ambiguous
 */
export function asAffiliateRelayError(thrown: unknown): AffiliateRelayError {
  if (isAffiliateRelayError(thrown)) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new DeliveryAmbiguousError(`A network call failed unexpectedly: ${message}`, { cause: thrown });
}
