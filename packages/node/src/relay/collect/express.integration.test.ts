import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  avantlinkTouch,
  BROWSER_UA,
  beacon,
  cookieHeaderFrom,
  FAST_RETRY,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { createRelay, type Relay } from '../create-relay';

/*
 * The relay mounted in a real Express 5 app, as a shop would: the collect route through
 * `relay.collectListener()`, and a checkout route that reads the cookie from Express's own request.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay;
let server: Server;
let base: string;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET, domain: 'shop.test', secure: false },
    attribution: { windows: { avantlink: 60 } },
  });
  const app = express();
  app.post('/affiliate-relay/collect', relay.collectListener());
  // A shop that parses JSON bodies app-wide: the adapter uses the parsed body.
  const parsed = express.Router();
  parsed.use(express.json());
  // What an auth middleware does; the context callback is typed with it (README's Express example).
  type WithUser = express.Request & { user?: { id: string } };
  parsed.use((req: WithUser, _res, next) => {
    req.user = { id: 'user-7' };
    next();
  });
  parsed.post('/collect', relay.collectListener({ context: (req: WithUser) => ({ userId: req.user?.id }) }));
  app.use('/parsed', parsed);
  app.post('/checkout', express.json(), async (req, res) => {
    const result = await relay.recordConversion({ order: req.body, request: req });
    res.json(result.results);
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await relay.flush();
  avantlink.reset();
});

afterAll(async () => {
  await relay.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await avantlink.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': BROWSER_UA,
      origin: base,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the relay in Express', () => {
  it('answers a beacon with the cookie’s attributes and reports the click with the exact fields', async () => {
    const response = await post('/affiliate-relay/collect', beacon());
    expect(response.status).toBe(204);
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((cookie) => parseSetCookie(cookie).name)).toEqual(['ar_attr', 'ar_ack']);
    expect(parseSetCookie(cookies[0]!).attributes).toEqual({
      'max-age': String(60 * 86_400),
      domain: 'shop.test',
      path: '/',
      httponly: true,
      samesite: 'Lax',
    });
    await relay.flush();
    expect(avantlink.clicks).toEqual([
      {
        tracking_ids: { user_id: [], visitor_id: [VISITOR_ID], avantlink_avad: '77_f3afbe121' },
        user_agent: BROWSER_UA,
        current_url: 'http://shop.test/products/tent?avad=77_f3afbe121',
        referrer_url: 'https://blog.example/best-tents',
      },
    ]);
  });

  it('works behind express.json() and a router, with a context from the request', async () => {
    // Another visitor: the relay sends one click call per click and visitor, and the test before
    // reported this click for VISITOR_ID.
    const visitor = beacon(undefined, { visitorId: 'vis_genuine01' });
    const response = await post('/parsed/collect', visitor, { 'content-type': 'application/json' });
    expect(response.status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks[0]?.tracking_ids).toMatchObject({
      user_id: ['user-7'],
      visitor_id: ['vis_genuine01'],
    });
  });

  it('refuses bad beacons with their status and reason, and none reaches AvantLink', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [fetch(`${base}/affiliate-relay/collect`, { method: 'PUT', body: '{}' }), 404, ''],
      [post('/affiliate-relay/collect', 'x'.repeat(9000)), 413, 'payload_too_large'],
      [post('/affiliate-relay/collect', '{oops'), 400, 'invalid_json'],
      [post('/affiliate-relay/collect', { touches: [] }), 400, 'invalid_beacon'],
      [post('/affiliate-relay/collect', beacon(), { origin: 'https://evil.example' }), 403, 'cross_site'],
      [
        post('/affiliate-relay/collect', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        'unsupported_media_type',
      ],
    ];
    for (const [pending, status, code] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      if (code) expect(((await response.json()) as { error: string }).error).toBe(code);
    }
    await relay.flush();
    expect(avantlink.requests).toEqual([]);
  });

  it('answers 405 when the route takes every method', async () => {
    const app = express();
    app.all('/collect', relay.collectListener());
    const local = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const response = await fetch(`http://127.0.0.1:${(local.address() as AddressInfo).port}/collect`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({
      error: 'method_not_allowed',
      reason: 'GET is not allowed here: POST a beacon',
    });
    local.closeAllConnections();
    await new Promise((resolve) => local.close(resolve));
  });

  it('credits the order of an Express checkout from the request’s cookie', async () => {
    const landed = await post('/affiliate-relay/collect', beacon([avantlinkTouch()]));
    const cookie = cookieHeaderFrom(landed.headers.getSetCookie());
    const response = await fetch(`${base}/checkout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie,
        'user-agent': BROWSER_UA,
        referer: `${base}/cart`,
      },
      body: JSON.stringify({ orderId: 'ex-1', subtotal: 42.5, currency: 'USD' }),
    });
    expect(await response.json()).toEqual({ avantlink: { status: 'sent' } });
    expect(avantlink.orders).toMatchObject([
      {
        tracking_ids: { visitor_id: [VISITOR_ID], avantlink_avad: '77_f3afbe121' },
        user_agent: BROWSER_UA,
        current_url: `${base}/cart`,
        order: { order_number: 'ex-1', order_amount_subtotal: 42.5, currency: 'USD' },
      },
    ]);
  });
});
