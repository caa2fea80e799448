import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NetworkError, TimeoutError } from '@affiliate-relay/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createConnections } from './connections';
import { toNetworkError } from './network-error';
import { sendOnce } from './send';

const servers: Server[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const get = (url: string) => ({ method: 'GET' as const, url, headers: {} });

// The same behaviour on both ways out: node:http with the client's capped sockets (the default on
// Node), and the global fetch (runtimes without node:http).
const connections = createConnections(2);
afterAll(() => connections?.close());

describe.each([
  ['node:http', { connections }],
  ['the global fetch', {}],
])('sendOnce through %s', (_name, way) => {
  it('resolves with any status, the text, and JSON parsed', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end('{"error":"busy"}');
    });
    const result = await sendOnce(get(url), { timeoutMs: 5_000, ...way });
    expect(result.status).toBe(503);
    expect(result.text).toBe('{"error":"busy"}');
    expect(result.body).toEqual({ error: 'busy' });
    expect(result.headers.get('retry-after')).toBe('3');
  });

  it('sends the method, headers and body as formed', async () => {
    // On our own sockets ky's Request carries no body: the request travels as formed through the
    // option ky forwards to fetch. Were ky to stop forwarding it, this would see an empty body.
    let seen: { method?: string; type?: string; body: string } = { body: '' };
    const url = await serve(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen = { method: req.method, type: req.headers['content-type'], body };
      res.end('{"success":true}');
    });
    const spec = {
      method: 'POST' as const,
      url,
      headers: { 'Content-Type': 'application/json' },
      body: '{"order":1}',
    };
    expect((await sendOnce(spec, { timeoutMs: 5_000, ...way })).body).toEqual({ success: true });
    expect(seen).toEqual({ method: 'POST', type: 'application/json', body: '{"order":1}' });
  });

  it('keeps a text body as text', async () => {
    const url = await serve((_req, res) => res.end('OK'));
    expect((await sendOnce(get(url), { timeoutMs: 5_000, ...way })).body).toBe('OK');
  });

  it('reports a refused connection as never sent', async () => {
    const url = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const error = await sendOnce(get(url), { timeoutMs: 5_000, ...way }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: false, cause: { code: 'ECONNREFUSED' } });
  });

  it('reports a connection dropped after sending as possibly sent', async () => {
    const url = await serve((req) => req.socket.destroy());
    const error = await sendOnce(get(url), { timeoutMs: 5_000, ...way }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).sent).toBe(true);
  });

  it('times out without an answer, with a message that has no URL', async () => {
    const url = await serve(() => undefined);
    const error = await sendOnce(get(`${url}/data/goals?apikey=hush`), { timeoutMs: 50, ...way }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect(String((error as Error).message)).not.toContain('hush');
  });

  it('times out while the body is still coming, not only before the headers', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    await expect(sendOnce(get(url), { timeoutMs: 100, ...way })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('is cut by its stop signal as by its time limit', async () => {
    const url = await serve(() => undefined);
    const stop = new AbortController();
    const stopped = sendOnce(get(url), { timeoutMs: 60_000, ...way }, stop.signal);
    setTimeout(() => stop.abort(), 20);
    await expect(stopped).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('sendOnce with a fetch of its own', () => {
  it('uses the fetch it is given', async () => {
    const seen: Request[] = [];
    const fetch = async (input: Parameters<typeof globalThis.fetch>[0]) => {
      seen.push(input as Request);
      return new Response('{"success":true}', { status: 200 });
    };
    const result = await sendOnce(
      { method: 'POST', url: 'http://example.test/x', headers: { 'X-A': '1' }, body: 'b' },
      { timeoutMs: 1_000, fetch: fetch as typeof globalThis.fetch },
    );
    expect(result.body).toEqual({ success: true });
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers.get('x-a')).toBe('1');
  });

  it('ends at its time limit even with a fetch that ignores the abort signal', async () => {
    const never = (() => new Promise<Response>(() => undefined)) as typeof globalThis.fetch;
    const stop = new AbortController();
    const timedOut = sendOnce(
      { method: 'POST', url: 'http://example.test/x', headers: {} },
      { timeoutMs: 50, fetch: never },
    );
    await expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError', timeoutMs: 50 });
    const stopped = sendOnce(
      { method: 'GET', url: 'http://example.test/y', headers: {} },
      { timeoutMs: 60_000, fetch: never },
      stop.signal,
    );
    stop.abort();
    await expect(stopped).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});

describe('toNetworkError', () => {
  const failed = (cause: unknown) => new TypeError('fetch failed', { cause });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('treats %s as never sent', (code) => {
    expect(toNetworkError(failed(Object.assign(new Error('x'), { code }))).sent).toBe(false);
  });

  it.each(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', undefined])('treats %s as possibly sent', (code) => {
    expect(toNetworkError(failed(Object.assign(new Error('x'), { code }))).sent).toBe(true);
  });

  it('reads an AggregateError of connect attempts: never sent only if every one was refused', () => {
    const refused = () => Object.assign(new Error('r'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('r'), { code: 'ECONNRESET' });
    expect(toNetworkError(failed(new AggregateError([refused(), refused()]))).sent).toBe(false);
    expect(toNetworkError(failed(new AggregateError([refused(), reset]))).sent).toBe(true);
  });

  it('keeps only the name and code of the cause, never its message', () => {
    const error = toNetworkError(
      failed(Object.assign(new Error('GET http://x/?apikey=hush'), { code: 'ECONNRESET' })),
    );
    expect(error.cause).toEqual({ name: 'TypeError', code: 'ECONNRESET' });
    expect(JSON.stringify(error.cause) + error.message).not.toContain('hush');
  });
});
