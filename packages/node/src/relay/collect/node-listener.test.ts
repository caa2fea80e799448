import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listen, type TestServer } from '../../../test/fixtures/relay';
import { readLimitedBody } from '../incoming/read-body';
import type { CollectContext } from './collect';
import { toNodeListener, toWebRequest } from './node-listener';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function incoming(init: {
  method?: string;
  url?: string;
  headers?: Record<string, string | string[]>;
  body?: string | string[];
  parsedBody?: unknown;
  remoteAddress?: string;
}): IncomingMessage {
  const chunks = init.body === undefined ? [] : [init.body].flat();
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(stream, {
    method: init.method ?? 'POST',
    url: init.url ?? '/collect',
    headers: { host: 'shop.test', ...init.headers },
    socket: { remoteAddress: init.remoteAddress ?? '127.0.0.1' },
    ...(init.parsedBody === undefined ? {} : { body: init.parsedBody }),
  }) as unknown as IncomingMessage;
}

describe('toWebRequest', () => {
  it('builds the URL from Host and the path, and keeps every header', async () => {
    const request = toWebRequest(
      incoming({ url: '/collect?x=1', headers: { cookie: 'a=1', 'x-multi': ['1', '2'] }, body: 'hello' }),
    );
    expect(request.url).toBe('http://shop.test/collect?x=1');
    expect(request.method).toBe('POST');
    expect(request.headers.get('cookie')).toBe('a=1');
    expect(request.headers.get('x-multi')).toBe('1, 2');
    expect(await request.text()).toBe('hello');
  });

  it('uses originalUrl under an Express router and drops HTTP/2 pseudo-headers', () => {
    const req = incoming({ url: '/collect', headers: { ':path': '/x' } });
    Object.assign(req, { originalUrl: '/relay/collect' });
    const request = toWebRequest(req);
    expect(request.url).toBe('http://shop.test/relay/collect');
    expect([...request.headers.keys()]).toEqual(['host']);
  });

  it('uses a body a parser already read: text as is, JSON re-serialised', async () => {
    const text = incoming({ parsedBody: '{"a":1}' });
    const json = incoming({ parsedBody: { a: 1 } });
    for (const req of [text, json]) {
      req.resume();
      await new Promise((resolve) => req.once('end', resolve));
      expect(await toWebRequest(req).text()).toBe('{"a":1}');
    }
  });

  it('gives a GET no body, and survives a Host header that is no host', () => {
    const request = toWebRequest(incoming({ method: 'GET', headers: { host: 'bad host' } }));
    expect(request.body).toBeNull();
    expect(request.url).toBe('http://localhost/collect');
  });

  it('can be abandoned past a limit, and the rest of the body is drained', async () => {
    const req = incoming({ body: Array.from({ length: 20 }, () => 'x'.repeat(1024)) });
    const ended = new Promise((resolve) => req.once('end', resolve));
    expect(await readLimitedBody(toWebRequest(req), 8192)).toEqual({ ok: false, reason: 'too-large' });
    await ended;
    expect(req.readableEnded).toBe(true);
  });
});

describe('toNodeListener', () => {
  it('writes status, headers and every Set-Cookie apart, and passes the peer address', async () => {
    let seen: CollectContext | undefined;
    server = await listen(
      toNodeListener(async (_request, context) => {
        seen = context;
        const headers = new Headers({ 'x-test': 'yes' });
        headers.append('Set-Cookie', 'a=1; Path=/');
        headers.append('Set-Cookie', 'b=2; Path=/');
        return new Response('done', { status: 201, headers });
      }),
    );
    const response = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-test')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await response.text()).toBe('done');
    expect(seen?.remoteAddress).toBe('127.0.0.1');
  });

  it('adds the context the shop computes from the request', async () => {
    let seen: CollectContext | undefined;
    server = await listen(
      toNodeListener(
        async (_request, context) => {
          seen = context;
          return new Response(null, { status: 204 });
        },
        { context: (req) => ({ userId: String(req.headers['x-user']) }) },
      ),
    );
    await fetch(server.url, { method: 'POST', body: 'x', headers: { 'x-user': 'u-1' } });
    expect(seen?.userId).toBe('u-1');
  });

  // TRACE is the one such method Node's parser lets through to a listener (TRACK is a 400 there).
  it.each(['TRACE'])(
    'answers %s (a method a Web Request refuses) with 405 and Allow: POST, never a 500',
    async (method) => {
      const handler = vi.fn(async () => new Response(null, { status: 204 }));
      server = await listen(toNodeListener(handler));
      const answer = await rawRequest(server.url, method);
      expect(answer.status).toBe(405);
      expect(answer.allow).toBe('POST');
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'method_not_allowed' });
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it('answers a handler that throws with a 500 that tells nothing, or hands it to next()', async () => {
    const handler = async () => {
      throw new Error('secret internals');
    };
    server = await listen(toNodeListener(handler));
    const response = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret internals');
    const next = vi.fn();
    await toNodeListener(handler)(incoming({}), {} as never, next);
    expect(next).toHaveBeenCalledWith(expect.objectContaining({ message: 'secret internals' }));
  });
});

// fetch refuses TRACE itself, so these go through node:http.
function rawRequest(url: string, method: string): Promise<{ status: number; allow?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          ...(res.headers.allow ? { allow: res.headers.allow } : {}),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
