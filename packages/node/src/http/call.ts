import type { NetworkId } from '@affiliate-relay/core';
import type { EventEmitter } from './events';
import type { HttpRequestSpec, HttpResult, Transport } from './request-types';
import { sendOnce } from './send';

/** What every call of a client shares: where to log, how to send. */
export interface CallContext {
  network: NetworkId;
  operation: string;
  events: EventEmitter;
  transport: Transport;
  /** When the call must be over (ms since the epoch); see `CallOptions.deadline`. Default: none. */
  deadline?: number | undefined;
  /** Stops the call; see `CallOptions.signal`. Default: none. */
  signal?: AbortSignal | undefined;
  /** Attempts this call may make, the first included, below the policy's `maxAttempts`; see `CallOptions.maxAttempts`. Default: the policy's. */
  maxAttempts?: number | undefined;
}

/**
 * One attempt with its `request` and `response` events. `logBody` is what the request event
 * shows (the parsed body; the emitter redacts it).
 *
 * @example
 * const result = await attempt(context, spec, 1, payload);
 */
export async function attempt(
  context: CallContext,
  spec: HttpRequestSpec,
  attemptNumber: number,
  logBody?: unknown,
): Promise<HttpResult> {
  const { network, operation, events } = context;
  events.emit({
    type: 'request',
    network,
    operation,
    method: spec.method,
    url: spec.url,
    attempt: attemptNumber,
    ...(logBody === undefined ? {} : { body: logBody }),
  });
  const result = await sendOnce(spec, context.transport, context.signal);
  events.emit({
    type: 'response',
    network,
    operation,
    status: result.status,
    durationMs: result.durationMs,
    attempt: attemptNumber,
    body: result.body,
  });
  return result;
}

/** A short reason for a retry event: the status, or the error's code and name. */
export function failureReason(failure: { status: number } | { error: unknown }): string {
  if ('status' in failure) return `HTTP ${failure.status}`;
  const error = failure.error as { name?: string; message?: string };
  return `${error.name ?? 'Error'}: ${error.message ?? ''}`.trim();
}
