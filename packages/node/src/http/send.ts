import type { Connections } from './connections';
import { sendFetch } from './send-fetch';
import { sendNode } from './send-node';

/** One HTTP request, fully formed by a client. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** How requests travel: the time limit of one attempt and the way out. */
export interface Transport {
  timeoutMs: number;
  /** A `fetch` of the shop's own: used instead of `connections`. */
  fetch?: typeof globalThis.fetch;
  /** The client's capped node:http sockets; absent where node:http is not (the global `fetch` then). */
  connections?: Connections | undefined;
}

/** An answer from the network, whatever its status. */
export interface HttpResult {
  status: number;
  /** The answer's headers (`get` is case-insensitive). */
  headers: Pick<Headers, 'get'>;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON when it is JSON, else the text. */
  body: unknown;
  durationMs: number;
}

/**
 * Sends one attempt (retries belong to the policy) through the client's capped node:http sockets,
 * else its `fetch`. Redirects are never followed (a 301/302 would turn a POST into a GET without
 * its body, and a redirect to another origin would carry a GET's API key there). The time limit
 * covers reading the body too. Resolves with any HTTP status; rejects with a TimeoutError
 * or a NetworkError whose `sent` says whether the request may have arrived. Error messages
 * never contain the URL.
 *
 * @example
 * const result = await sendOnce({ method: 'POST', url, headers, body }, { timeoutMs: 10_000 });
 */
export function sendOnce(
  spec: HttpRequestSpec,
  transport: Transport,
  stop?: AbortSignal,
): Promise<HttpResult> {
  if (!transport.fetch && transport.connections)
    return sendNode(spec, transport, transport.connections, stop);
  return sendFetch(spec, transport, stop);
}

/**
 * For a redirect answer (3xx), a note naming where it points (its `Location`, passed through
 * `redact`), for the error's message; `''` for any other status.
 *
 * @example
 * `Aflite data/register/goal answered 301${redirectNote(result, redact)}`; // '… (a redirect to https://…, not followed: check baseUrl)'
 */
export function redirectNote(
  result: Pick<HttpResult, 'status' | 'headers'>,
  redact: (text: string) => string = (text) => text,
): string {
  if (result.status < 300 || result.status > 399) return '';
  const location = result.headers.get('location');
  const target = location ? `a redirect to ${redact(location).slice(0, 300)}` : 'a redirect';
  return ` (${target}, not followed: check baseUrl)`;
}
