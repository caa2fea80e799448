import type { Connections } from './connections';
import { requestNode } from './node-request';
import type { HttpRequestSpec } from './request-types';

// Statuses whose Response has no body (the Fetch standard's null body statuses).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const fetches = new WeakMap<Connections, typeof globalThis.fetch>();
// The text of each answer made here, so that `sendOnce` need not read it back through a stream.
const texts = new WeakMap<Response, string>();

/** The option through which `sendOnce` hands ky's `fetch` its request as it was formed. */
export const SPEC_OPTION = 'affiliateRelaySpec';

/**
 * The body of an answer made by {@link fetchOn}, as text (`undefined` for any other answer).
 *
 * @example
 * const text = textOf(response) ?? (await response.text());
 */
export function textOf(response: Response): string | undefined {
  return texts.get(response);
}

/**
 * A `fetch` on the client's capped node:http sockets: what ky sends through on Node. One per
 * `connections` (made once). Redirects are never followed (node:http does not); an abort of the
 * request's signal destroys its socket at once.
 *
 * @example
 * const send = ky.create({ fetch: fetchOn(connections) });
 */
export function fetchOn(connections: Connections): typeof globalThis.fetch {
  let fetch = fetches.get(connections);
  if (!fetch) {
    fetch = (input, init) => nodeFetch(connections, input, init);
    fetches.set(connections, fetch);
  }
  return fetch;
}

async function nodeFetch(
  connections: Connections,
  input: string | URL | Request,
  init: RequestInit | undefined,
): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  // ky hands the request with its own signal; a signal in `init` (a caller's) counts too.
  const signal = init?.signal ? AbortSignal.any([request.signal, init.signal]) : request.signal;
  // `sendOnce` passes the request as it formed it (ky forwards options it does not know to fetch):
  // no need to read the body back from the Request's stream.
  const given = (init as Record<string, unknown> | undefined)?.[SPEC_OPTION] as HttpRequestSpec | undefined;
  const spec = given ?? (await specOf(request));
  const answer = await requestNode(spec, connections, signal);
  if (answer.status < 200 || answer.status > 599) {
    throw new TypeError(`An answer with status ${answer.status} cannot be read`);
  }
  // Asked by `sendOnce` (the spec given), which reads the text with `textOf`: no body stream to make.
  const body = given || NULL_BODY.has(answer.status) ? null : answer.text;
  const response = new Response(body, {
    status: answer.status,
    headers: answer.headers,
  });
  texts.set(response, answer.text);
  return response;
}

async function specOf(request: Request): Promise<HttpRequestSpec> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.body ? await request.text() : undefined;
  const method = request.method as HttpRequestSpec['method'];
  return { method, url: request.url, headers, ...(body === undefined ? {} : { body }) };
}
