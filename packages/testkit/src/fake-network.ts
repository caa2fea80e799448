import { checkFault, FaultQueue } from './faults';
import type {
  FakeNetwork,
  FakeRequest,
  FakeResponse,
  Fault,
  ModelRequest,
  RandomFaults,
  RecordedRequest,
} from './types';

/** What a network adds to the shared recording and fault machinery. */
export interface NetworkModel {
  /** Answers a request that no fault intercepted. */
  process(request: ModelRequest): FakeResponse;
  /** The answer of an injected `status` fault when it gives no body. */
  faultBody(status: number): unknown;
  /** Forgets the network's own recorded data. */
  reset(): void;
}

/**
 * Recording, fault injection and listeners, shared by every fake network and both transports
 * (the real HTTP server and msw), so that they behave the same.
 */
export function createFakeNetwork(model: NetworkModel): FakeNetwork {
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const listeners = new Set<(request: RecordedRequest) => void>();
  let chaos: RandomFaults | undefined;

  function randomFault(): Fault | undefined {
    if (!chaos) return undefined;
    const random = chaos.random ?? Math.random;
    if (random() >= chaos.rate) return undefined;
    return chaos.faults[Math.floor(random() * chaos.faults.length)];
  }

  function handle(request: FakeRequest): FakeResponse {
    const at = Date.now();
    const fault = faults.take() ?? randomFault();
    const body = parseBody(request.rawBody, request.headers['content-type']);
    let response: FakeResponse;
    if (fault?.type === 'drop') {
      response = { status: 0, headers: {}, body: '', drop: true };
    } else if (fault?.type === 'status') {
      response = statusFault(fault, fault.body ?? model.faultBody(fault.status));
    } else {
      response = model.process({ ...request, body });
      if (fault?.type === 'delay') response = { ...response, delayMs: fault.ms };
    }
    const recorded: RecordedRequest = {
      id: requests.length + 1,
      at,
      ...request,
      body,
      status: response.status,
      response: response.drop ? undefined : parseBody(response.body, response.headers['content-type']),
      ...(fault ? { fault: fault.type } : {}),
    };
    requests.push(recorded);
    for (const listener of listeners) {
      try {
        listener(recorded);
      } catch {
        // A test's listener must not break the fake.
      }
    }
    return response;
  }

  return {
    requests,
    handle,
    injectFault: (fault: Fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setRandomFaults(options) {
      if (options !== undefined) {
        if (!(options.rate >= 0 && options.rate <= 1)) throw new TypeError('rate must be from 0 to 1');
        if (!Array.isArray(options.faults) || options.faults.length === 0) {
          throw new TypeError('faults must list at least one fault');
        }
        for (const fault of options.faults) checkFault(fault);
      }
      chaos = options;
    },
    get pendingFaults() {
      return faults.pending;
    },
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset() {
      requests.length = 0;
      faults.clear();
      chaos = undefined;
      model.reset();
    },
  };
}

function statusFault(fault: Extract<Fault, { type: 'status' }>, body: unknown): FakeResponse {
  const text = typeof body === 'string';
  const headers: Record<string, string> = {
    'content-type': text ? 'text/plain; charset=utf-8' : 'application/json',
  };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  return { status: fault.status, headers, body: text ? body : JSON.stringify(body) };
}

/** JSON when it is JSON, a record when it is a form, else the text; `undefined` when empty. */
export function parseBody(raw: string, contentType = ''): unknown {
  if (raw === '') return undefined;
  if (/json/i.test(contentType)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A text answer. */
export function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): FakeResponse {
  return { status, headers: { 'content-type': contentType }, body };
}
