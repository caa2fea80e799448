import type { AffiliateRelayError, NetworkId } from '@affiliate-relay/core';
import { createRedactor } from './redact';

/**
 * Typed log events of the network clients. Silent unless a `logger` is given; URLs, bodies and
 * errors are already redacted (no API key) when the logger sees them. The relay's own events join
 * them in `RelayEvent` (see `relay/events.ts`), so one `logger` receives both.
 */
export type ClientEvent =
  | {
      type: 'request';
      network: NetworkId;
      operation: string;
      method: string;
      url: string;
      attempt: number;
      body?: unknown;
    }
  | {
      type: 'response';
      network: NetworkId;
      operation: string;
      status: number;
      durationMs: number;
      attempt: number;
      body?: unknown;
    }
  | {
      type: 'retry';
      network: NetworkId;
      operation: string;
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | { type: 'error'; network: NetworkId; operation: string; error: AffiliateRelayError };

/** Any event a logger receives: a `type` and plain data. */
export interface LogEvent {
  type: string;
}

/**
 * The one place where the SDK logs: it redacts every event before the logger sees it. Generic over
 * the events it carries, so each layer (clients, the outbox, the relay) names only its own.
 */
export interface EventEmitter<E extends LogEvent = ClientEvent> {
  emit(event: E): void;
  /** Redacts a string (secrets and `apikey=` values), for error messages built outside events. */
  redactText(text: string): string;
}

/**
 * @example
 * const events = createEventEmitter(options.logger, [options.apiKey]);
 * events.emit({ type: 'retry', network: 'aflite', operation: 'register-goal', attempt: 1, delayMs: 300, reason: '503' });
 */
export function createEventEmitter<E extends LogEvent = ClientEvent>(
  logger: ((event: E) => void) | undefined,
  secrets: readonly string[] = [],
): EventEmitter<E> {
  const redactor = createRedactor(secrets);
  return {
    redactText: redactor.text,
    emit(event) {
      if (!logger) return;
      try {
        logger(redactEvent(event, redactor));
      } catch {
        // A failing logger must never turn a delivered conversion into a failed one.
      }
    },
  };
}

function redactEvent<E extends LogEvent>(event: E, redactor: ReturnType<typeof createRedactor>): E {
  const known = event as unknown as ClientEvent;
  switch (known.type) {
    case 'request':
      return { ...known, url: redactor.text(known.url), body: redactor.value(known.body) } as unknown as E;
    case 'response':
      return { ...known, body: redactor.value(known.body) } as unknown as E;
    case 'retry':
      return { ...known, reason: redactor.text(known.reason) } as unknown as E;
    default:
      // Errors are built redacted (see send.ts), and relay events carry ids and SDK errors, never a
      // secret or a cookie value: this walk is the second guard, for messages, stacks and causes.
      return redactor.value(event) as E;
  }
}
