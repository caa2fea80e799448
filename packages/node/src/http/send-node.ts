import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import { TimeoutError } from '@affiliate-relay/core';
import type { Connections } from './connections';
import { toNetworkError } from './network-error';
import { parseBody } from './parse-body';
import type { HttpRequestSpec, HttpResult, Transport } from './send';

/**
 * One attempt on node:http, through the client's capped sockets. A cut attempt (its time limit, or
 * `stop`) destroys its request: the socket is closed at once, not left open to a hung network, and
 * a request still waiting for a socket is never sent.
 *
 * @example
 * const result = await sendNode(spec, transport, connections, signal);
 */
export function sendNode(
  spec: HttpRequestSpec,
  transport: Transport,
  connections: Connections,
  stop: AbortSignal | undefined,
): Promise<HttpResult> {
  const started = performance.now();
  if (stop?.aborted) return Promise.reject(new TimeoutError(0));
  return new Promise<HttpResult>((resolve, reject) => {
    let settled = false;
    let request: ClientRequest | undefined;
    const slot = connections.slot();
    const settle = (fail: Error | undefined, result?: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
      if (fail) reject(fail);
      else resolve(result as HttpResult);
    };
    const cut = (error: TimeoutError) => {
      settle(error);
      // Under way: its socket is destroyed now (the slot frees when it has closed). Still in line: it
      // leaves the line, and no socket is ever opened for it.
      if (request) request.destroy();
      else slot.release();
    };
    // One timer for the whole attempt (the wait for a socket and the body included).
    const timer = setTimeout(() => cut(new TimeoutError(transport.timeoutMs)), transport.timeoutMs);
    // The caller's stop (relay.close(), a checkout budget) cuts the attempt as its timeout would.
    const onStop = () => cut(new TimeoutError(Math.round(performance.now() - started)));
    stop?.addEventListener('abort', onStop);
    slot.ready.then(() => {
      if (settled) return slot.release();
      request = start(spec, connections, started, settle);
      request.once('close', slot.release);
    });
  });
}

// Sends the request; `settle` gets its answer or its failure (the first call wins).
function start(
  spec: HttpRequestSpec,
  connections: Connections,
  started: number,
  settle: (fail: Error | undefined, result?: HttpResult) => void,
): ClientRequest {
  const request = connections.request(new URL(spec.url), { method: spec.method, headers: spec.headers });
  request.on('error', (error) => settle(toNetworkError(error)));
  request.on('response', (response) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      text += chunk;
    });
    response.on('end', () =>
      settle(undefined, {
        status: response.statusCode ?? 0,
        headers: headersOf(response.headers),
        text,
        body: parseBody(text),
        durationMs: Math.round(performance.now() - started),
      }),
    );
    // The connection ended before the body did.
    response.on('error', (error) => settle(toNetworkError(error)));
    response.on('close', () => {
      if (!response.complete)
        settle(toNetworkError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
    });
  });
  request.end(spec.body);
  return request;
}

function headersOf(headers: IncomingHttpHeaders): Pick<Headers, 'get'> {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
