import type { AffiliateRelayError, NetworkId } from '@affiliate-relay/core';
import type { RelayServerEvent } from '../relay/events';
import { createRedactor } from './redact';

/** The networks a client speaks to: core's `NetworkId`. */
export type ClientNetwork = NetworkId;

/**
 * Typed log events of the network clients. Silent unless a `logger` is given; URLs, bodies and
 * errors are already redacted (no API key) when the logger sees them.
 */
export type RelayEvent =
  | {
      type: 'request';
      network: ClientNetwork;
      operation: string;
      method: string;
      url: string;
      attempt: number;
      body?: unknown;
    }
  | {
      type: 'response';
      network: ClientNetwork;
      operation: string;
      status: number;
      durationMs: number;
      attempt: number;
      body?: unknown;
    }
  | {
      type: 'retry';
      network: ClientNetwork;
      operation: string;
      attempt: number;
      delayMs: number;
      reason: string;
    }
  | { type: 'error'; network: ClientNetwork; operation: string; error: AffiliateRelayError }
  // The relay's own events (collect, click, conversion, delivery, relay-error): see relay/events.ts.
  | RelayServerEvent;

/**
 * Receives every {@link RelayEvent}. A logger that throws is ignored, so logging never breaks a call.
 *
 * @example
 * const logger: RelayLogger = (event) => console.log(JSON.stringify(event));
 */
export type RelayLogger = (event: RelayEvent) => void;

/** The one place where the clients log: it redacts every event before the logger sees it. */
export interface EventEmitter {
  emit(event: RelayEvent): void;
  /** Redacts a string (secrets and `apikey=` values), for error messages built outside events. */
  redactText(text: string): string;
}

/**
 * @example
 * const events = createEventEmitter(options.logger, [options.apiKey]);
 * events.emit({ type: 'retry', network: 'aflite', operation: 'register-goal', attempt: 1, delayMs: 300, reason: '503' });
 */
export function createEventEmitter(
  logger: RelayLogger | undefined,
  secrets: readonly string[] = [],
): EventEmitter {
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

function redactEvent(event: RelayEvent, redactor: ReturnType<typeof createRedactor>): RelayEvent {
  switch (event.type) {
    case 'request':
      return { ...event, url: redactor.text(event.url), body: redactor.value(event.body) };
    case 'response':
      return { ...event, body: redactor.value(event.body) };
    case 'retry':
      return { ...event, reason: redactor.text(event.reason) };
    default:
      // Errors are built redacted (see send.ts), and relay events carry ids and SDK errors, never a
      // secret or a cookie value: this walk is the second guard, for messages, stacks and causes.
      return redactor.value(event) as RelayEvent;
  }
}
