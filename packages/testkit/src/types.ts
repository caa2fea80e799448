/** A request as a fake network received it, and what the fake answered. */
export interface RecordedRequest {
  /** 1, 2, 3… in order of arrival. */
  id: number;
  /** Arrival time (ms since the epoch). */
  at: number;
  method: string;
  /** Path without the query, e.g. `/merchants/…/tracking/click`. */
  path: string;
  /** Query parameters (the last value wins for a repeated name). */
  query: Record<string, string>;
  /** Headers, names in lower case. */
  headers: Record<string, string>;
  /** The body parsed: JSON as an object, a form as a record of strings, else the text (`undefined` when empty). */
  body: unknown;
  /** The body exactly as received. */
  rawBody: string;
  /** The status answered; 0 when the connection was dropped by a fault. */
  status: number;
  /** The answer's body (JSON parsed, else text); `undefined` when dropped. */
  response: unknown;
  /** The fault applied to this request, if any. */
  fault?: Fault['type'];
}

/**
 * A failure to apply to the next `times` requests (default 1), whatever they are.
 * - `status`: answer this status without processing (nothing recorded), with an optional body and
 *   `Retry-After` header;
 * - `drop`: destroy the connection without an answer (nothing recorded);
 * - `delay`: process normally (a goal IS recorded) but answer only after `ms`: a client with a
 *   shorter timeout sees a timeout for a request that arrived.
 */
export type Fault =
  | { type: 'status'; status: number; body?: unknown; retryAfterSeconds?: number; times?: number }
  | { type: 'drop'; times?: number }
  | { type: 'delay'; ms: number; times?: number };

/** See {@link FakeNetwork.setRandomFaults}. */
export interface RandomFaults {
  /** Share of requests that fail, from 0 to 1. */
  rate: number;
  /** The faults to pick from (their `times` is ignored). */
  faults: Fault[];
  /** Numbers in [0, 1). Default: `Math.random`. */
  random?: () => number;
}

/** A request handed to a fake's model by a transport (the HTTP server or msw). */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
}

/** What a transport must do with a request. */
export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Answer only after this many ms. */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  drop?: boolean;
}

/** What every fake network offers, behind a real server or behind msw handlers. */
export interface FakeNetwork {
  /** Every request received, in order (including faulted ones). Cleared by `reset()`. */
  readonly requests: RecordedRequest[];
  /** Applies a fault to the next `times` requests (default 1). Faults queue up in order. */
  injectFault(fault: Fault): void;
  /** Drops the faults still waiting: the network "recovers now". Recordings stay. */
  clearFaults(): void;
  /** How many coming requests still get an injected fault. */
  readonly pendingFaults: number;
  /**
   * Chaos for load and crash tests: each request that no injected fault takes gets, with probability
   * `rate`, one of `faults` (picked at random); `undefined` turns it off. `reset()` turns it off too.
   *
   * @example
   * fake.setRandomFaults({ rate: 0.3, faults: [{ type: 'status', status: 503 }, { type: 'drop' }] });
   */
  setRandomFaults(options: RandomFaults | undefined): void;
  /** Calls `listener` after each request is handled. Returns a function that unsubscribes. */
  onRequest(listener: (request: RecordedRequest) => void): () => void;
  /** Forgets requests, recorded data and pending faults (listeners stay). */
  reset(): void;
  /** Handles one request (used by the transports; call it yourself for a custom transport). */
  handle(request: FakeRequest): FakeResponse;
}

/** The parsed request a network model sees. */
export interface ModelRequest extends FakeRequest {
  body: unknown;
}

/** A goal the fake recorded (wire names, as received; the API key is not kept). */
export interface FakeAfliteGoal {
  mid: string;
  clickSessionID: string;
  goalid: string;
  mref: string;
  value: string;
  at: number;
}
