import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listen, type TestServer } from '../../../test/fixtures/relay';
import type { CollectContext } from './collect';
import type { CollectAnswer } from './collect-response';
import { createNodeListener, toWebRequest } from './node-listener';

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
  remoteAddress?: string;
}): IncomingMessage {
  const chunks = init.body === undefined ? [] : [init.body].flat();
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  return Object.assign(stream, {
    method: init.method ?? 'POST',
    url: init.url ?? '/collect',
    headers: { host: 'shop.test', ...init.headers },
    socket: { remoteAddress: init.remoteAddress ?? '127.0.0.1' },
  }) as unknown as IncomingMessage;
}

describe('toWebRequest', () => {
  it('builds a bodiless GET from Host and the path, and keeps every header', () => {
    const request = toWebRequest(
      incoming({ url: '/collect?x=1', headers: { cookie: 'a=1', 'x-multi': ['1', '2'] }, body: 'hello' }),
    );
    expect(request.url).toBe('http://shop.test/collect?x=1');
    expect(request.method).toBe('GET');
    expect(request.body).toBeNull();
    expect(request.headers.get('cookie')).toBe('a=1');
    expect(request.headers.get('x-multi')).toBe('1, 2');
  });

  it('uses originalUrl under an Express router and drops HTTP/2 pseudo-headers', () => {
    const req = incoming({ url: '/collect', headers: { ':path': '/x' } });
    Object.assign(req, { originalUrl: '/relay/collect' });
    const request = toWebRequest(req);
    expect(request.url).toBe('http://shop.test/relay/collect');
    expect([...request.headers.keys()]).toEqual(['host']);
  });

  it('survives a Host header that is no host', () => {
    const request = toWebRequest(incoming({ method: 'GET', headers: { host: 'bad host' } }));
    expect(request.url).toBe('http://localhost/collect');
  });
});

const done: CollectAnswer = { status: 204, headers: {}, setCookies: [] };

describe('createNodeListener (relay.collectListener)', () => {
  it('writes status, headers and every Set-Cookie apart, and passes the peer address', async () => {
    let seen: CollectContext | undefined;
    server = await listen(
      createNodeListener(async (_req, context) => {
        seen = context;
        return {
          status: 201,
          headers: { 'x-test': 'yes' },
          setCookies: ['a=1; Path=/', 'b=2; Path=/'],
          body: 'done',
        };
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
      createNodeListener(
        async (_req, context) => {
          seen = context;
          return done;
        },
        { context: (req) => ({ userId: String(req.headers['x-user']) }) },
      ),
    );
    await fetch(server.url, { method: 'POST', body: 'x', headers: { 'x-user': 'u-1' } });
    expect(seen?.userId).toBe('u-1');
  });

  // TRACE is the one such method Node's parser lets through to a listener (TRACK is a 400 there).
  it.each(['TRACE'])(
    'answers %s (a method a Web Request refuses) with 405 and Allow: POST, as the Web handler would',
    async (method) => {
      const serve = vi.fn(async () => done);
      server = await listen(createNodeListener(serve));
      const answer = await rawRequest(server.url, method);
      expect(answer.status).toBe(405);
      expect(answer.allow).toBe('POST');
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'method_not_allowed' });
      expect(serve).not.toHaveBeenCalled();
    },
  );

  it('answers a request that throws with a 500 that tells nothing, or hands it to next()', async () => {
    const serve = async (): Promise<CollectAnswer> => {
      throw new Error('secret internals');
    };
    server = await listen(createNodeListener(serve));
    const response = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret internals');
    const next = vi.fn();
    await createNodeListener(serve)(incoming({}), {} as never, next);
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
