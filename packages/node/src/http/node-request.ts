import type { ClientRequest } from 'node:http';
import type { Connections } from './connections';
import type { HttpRequestSpec } from './request-types';

/** What node:http answered: the status, the headers and the whole body as text. */
export interface NodeAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One request on the client's capped node:http sockets. An abort of `signal` destroys the request:
 * its socket is closed at once, not left open to a hung network, and a request still waiting for a
 * socket is never sent. Rejects with node:http's own error (or an `AbortError`), for the caller to
 * name.
 *
 * @example
 * const answer = await requestNode({ method: 'GET', url, headers: {} }, connections, signal);
 */
export function requestNode(
  spec: HttpRequestSpec,
  connections: Connections,
  signal: AbortSignal | undefined,
): Promise<NodeAnswer> {
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise<NodeAnswer>((resolve, reject) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const slot = connections.slot();
    const settle = (fail: unknown, answer?: NodeAnswer) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (answer) resolve(answer);
      else reject(fail);
    };
    // Under way: its socket is destroyed now (the slot frees when it has closed). Still in line: it
    // leaves the line, and no socket is ever opened for it.
    const onAbort = () => {
      settle(abortError());
      if (request) request.destroy();
      else slot.release();
    };
    signal?.addEventListener('abort', onAbort);
    slot.ready.then(() => {
      if (settled) return slot.release();
      request = start(spec, connections, settle);
      request.once('close', slot.release);
    });
  });
}

// Sends the request; `settle` gets its answer or its failure (the first call wins).
function start(
  spec: HttpRequestSpec,
  connections: Connections,
  settle: (fail: unknown, answer?: NodeAnswer) => void,
): ClientRequest {
  const request = connections.request(new URL(spec.url), { method: spec.method, headers: spec.headers });
  request.on('error', (error) => settle(error));
  request.on('response', (response) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
    });
    response.on('end', () => {
      const headers = new Headers();
      const raw = response.rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
      settle(undefined, { status: response.statusCode ?? 0, headers, text });
    });
    // The connection ended before the body did.
    response.on('error', (error) => settle(error));
    response.on('close', () => {
      if (!response.complete) settle(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    });
  });
  request.end(spec.body);
  return request;
}

function abortError(): DOMException {
  return new DOMException('The request was aborted', 'AbortError');
}
