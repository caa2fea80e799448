import type { ClientEvent } from '../../http/events';
import type { RetryOptions } from '../../http/retry-policy';

/** Options of {@link AfliteClient}. */
export interface AfliteClientOptions {
  /** Your Aflite API key (`apikey`). Required. Never logged, never put in an error. */
  apiKey: string;
  /** Your Aflite merchant id (`mid`). Required. */
  merchantId: string;
  /** Where Aflite is. Default: `'http://aflite.co.uk'` (the only URL Aflite documents). */
  baseUrl?: string;
  /**
   * How parameters travel. Default: `'POST'` (a form body). `'GET'` puts the API key in the query
   * string, where proxies and servers log it: only use it if Aflite rejects POST for you.
   */
  method?: 'POST' | 'GET';
  /** Your server's `User-Agent` header. Default: `'affiliate-relay-node/<version>'`. */
  userAgent?: string;
  /** Time limit of one attempt, in ms. Default: 10_000. */
  timeoutMs?: number;
  /** Retry policy. Default: 4 attempts (3 retries), 300 ms to 10 s backoff with jitter, `Retry-After` honoured. */
  retry?: RetryOptions;
  /**
   * Receives typed log events, the API key redacted (a logger that throws is ignored). The relay's
   * `RelayLogger` fits here too. Default: none (silent).
   */
  logger?: (event: ClientEvent) => void;
  /**
   * A `fetch` of your own. Default: none: the client sends on node:http through its own kept-alive
   * sockets, capped by `maxSockets` (the global `fetch` on runtimes without node:http). With a
   * `fetch` given, `maxSockets` does not apply: how many sockets stay open is that fetch's affair.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Sockets this client opens to the network at once, at most (per protocol). A call past it waits
   * for a socket, within its time limit (`timeoutMs`). An attempt cut by its time limit closes its
   * socket at once, so a hung network holds no more than this. The relay sets it to
   * `delivery.concurrency`. Default: no cap.
   */
  maxSockets?: number;
}

/** A goal (sale, sign-up…) to register. */
export interface AfliteGoalInput {
  /** Aflite's click id from the landing (`clickSessionID`), as received. */
  clickSessionId: string;
  /** The id of the goal in your Aflite programme (`goalid`). */
  goalId: string | number;
  /** Your unique reference, normally the order number (`mref`). Aflite rejects a reused one. */
  merchantRef: string;
  /**
   * The goal's value (`value`): a number (sent with two decimals, `10.5` → `"10.50"`) or a decimal
   * string such as `"10.99"` (digits and one dot: no currency sign, no thousands separator).
   */
  value: number | string;
  /** Test mode: Aflite records nothing and writes to its Trace Report. Default: false. */
  traceOnly?: boolean;
}

/** The outcome of {@link AfliteClient.registerGoal}. */
export interface AfliteGoalResult {
  /**
   * `recorded`: Aflite accepted the goal. `already-recorded`: after an ambiguous failure Aflite's
   * goal feed showed the goal, or Aflite said the reference is already used; nothing was resent.
   */
  outcome: 'recorded' | 'already-recorded';
  /** How many times `register/goal` was sent. */
  attempts: number;
}

/** A goal as Aflite's retrieval feed (`data/goals`) shows it. */
export interface AfliteGoalRecord {
  merchantRef: string;
  goalId?: string;
  value?: string;
  clickSessionId?: string;
  /** The goal's XML as the feed gave it (its schema is undocumented). */
  raw: string;
}
