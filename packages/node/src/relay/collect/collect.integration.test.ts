import { ackValue } from '@affiliate-relay/core';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  avantlinkTouch,
  BROWSER_UA,
  beacon,
  cookieHeaderFrom,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
  type TestServer,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { createRelay, type Relay } from '../create-relay';

/*
 * A beacon into a real node:http server, the relay behind it, and the testkit's fake AvantLink on
 * another real port: what a shop running `http.createServer(relay.collectListener())` gets.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay;
let server: TestServer;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});

// A relay per test: its store remembers every click it recorded (the same click is sent once).
beforeEach(async () => {
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET },
    attribution: { windows: { avantlink: 45 } },
  });
  server = await listen(relay.collectListener());
});

afterEach(async () => {
  await relay.close();
  await server.close();
  avantlink.reset();
});

afterAll(async () => {
  await avantlink.close();
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': BROWSER_UA,
      origin: server.url,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('collect through node:http', () => {
  it('answers 204 with the signed server cookie and its attributes', async () => {
    const response = await post(beacon());
    expect(response.status).toBe(204);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    const cookie = parseSetCookie(cookies[0]!);
    expect(cookie.name).toBe('ar_attr');
    expect(cookie.value).toMatch(
      /^vis_3f2c1a97\|2\|a:77_f3afbe121:[0-9a-z]+\|c:script:[0-9a-z]+\|u:[^|]+\|l:a:http%3A%2F%2Fshop[^|]*\.[A-Za-z0-9_-]{43}$/,
    );
    expect(cookie.attributes).toEqual({
      'max-age': String(45 * 86_400),
      path: '/',
      httponly: true,
      secure: true,
      samesite: 'Lax',
    });
    // Beside it, readable by the script: the keys of the touches it signed (no click id), not HttpOnly.
    const ack = parseSetCookie(cookies[1]!);
    expect(ack).toEqual({
      name: 'ar_ack',
      value: ackValue([avantlinkTouch()]),
      attributes: { 'max-age': String(45 * 86_400), path: '/', secure: true, samesite: 'Lax' },
    });
    expect(ack.value).not.toContain('77_f3afbe121');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reports the new AvantLink click with the exact fields', async () => {
    const touch = avantlinkTouch({ gclid: 'EAIaIQobChMI' });
    const response = await post(beacon([touch]), { 'x-forwarded-for': '198.51.100.9' });
    expect(response.status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks).toEqual([
      {
        tracking_ids: { user_id: [], visitor_id: [VISITOR_ID], avantlink_avad: '77_f3afbe121' },
        user_agent: BROWSER_UA,
        current_url: 'http://shop.test/products/tent?avad=77_f3afbe121',
        referrer_url: 'https://blog.example/best-tents',
        google_click_id: 'EAIaIQobChMI',
      },
    ]);
    // forwardIp is off by default: no user_ip_address, whatever the headers say.
    expect(avantlink.requests[0]?.body).not.toHaveProperty('user_ip_address');
    expect(avantlink.requests[0]?.path).toBe(`/merchants/${MERCHANT_ID}/tracking/click`);
  });

  it('reports where the click landed (the touch), not the page a later beacon left from', async () => {
    // Consent came after an SPA navigation: the beacon leaves from /cart, the click landed on the tent.
    const touch = avantlinkTouch({ referrer: 'https://blog.example/best-tents' });
    const body = beacon([touch], {
      pageUrl: 'http://shop.test/cart',
      referrer: 'http://shop.test/products/tent',
    });
    expect((await post(body)).status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks.map((click) => [click.current_url, click.referrer_url])).toEqual([
      ['http://shop.test/products/tent?avad=77_f3afbe121', 'https://blog.example/best-tents'],
    ]);
  });

  it("falls back to the beacon's page and referrer when the touch leaves them out (equal to them)", async () => {
    const { landingUrl: _landing, ...touch } = avantlinkTouch();
    const body = beacon([touch], { pageUrl: 'http://shop.test/products/tent?avad=77_f3afbe121' });
    expect((await post(body)).status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks.map((click) => [click.current_url, click.referrer_url])).toEqual([
      ['http://shop.test/products/tent?avad=77_f3afbe121', 'https://blog.example/best-tents'],
    ]);
  });

  it('with forwardIp but no trustProxy, never sends the local proxy’s socket address as the shopper’s IP', async () => {
    const proxied = createRelay({
      avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
      cookie: { secret: SECRET },
      forwardIp: true,
    });
    const local = await listen(proxied.collectListener());
    try {
      // The socket peer is 127.0.0.1, as it is behind a proxy on the same machine.
      const response = await fetch(`${local.url}/affiliate-relay/collect`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, origin: local.url },
        body: JSON.stringify(beacon()),
      });
      expect(response.status).toBe(204);
      await proxied.flush();
      expect(avantlink.clicks).toHaveLength(1);
      expect(avantlink.requests[0]?.body).not.toHaveProperty('user_ip_address');
    } finally {
      await proxied.close();
      await local.close();
    }
  });

  it('does not report a click the server cookie already holds', async () => {
    const first = await post(beacon());
    const cookie = cookieHeaderFrom(first.headers.getSetCookie());
    await relay.flush();
    const again = await post(beacon(), { cookie });
    expect(again.status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks).toHaveLength(1);
  });

  it('ignores a tampered server cookie: the click counts as new and a fresh cookie is signed', async () => {
    const first = await post(beacon());
    await relay.flush();
    const tampered = cookieHeaderFrom(first.headers.getSetCookie()).replace('vis_3f2c1a97', 'vis_attacker1');
    const response = await post(beacon([avantlinkTouch()], { visitorId: 'vis_genuine01' }), {
      cookie: tampered,
    });
    expect(response.status).toBe(204);
    await relay.flush();
    expect(avantlink.clicks).toHaveLength(2);
    expect(avantlink.clicks[1]?.tracking_ids.visitor_id).toEqual(['vis_genuine01']);
    const attribution = await relay.attributionFrom(tampered);
    expect(attribution.source).toBe('none');
    expect(attribution.touches).toEqual([]);
  });

  it('refuses each bad beacon with its status and reason, and none reaches AvantLink', async () => {
    const url = `${server.url}/affiliate-relay/collect`;
    const cases: [Promise<Response>, number, Record<string, unknown>][] = [
      [fetch(url), 405, { error: 'method_not_allowed', reason: 'GET is not allowed here: POST a beacon' }],
      [
        post(`{"pad":"${'x'.repeat(9000)}"}`),
        413,
        { error: 'payload_too_large', reason: 'A beacon is at most 8192 bytes' },
      ],
      [
        post('touches=1'),
        400,
        { error: 'invalid_json', reason: 'The body is not JSON (UTF-8) as the browser script sends it' },
      ],
      [
        post(beacon(undefined, { pageUrl: 'not a url' })),
        400,
        { error: 'invalid_beacon', reason: 'The beacon is invalid at pageUrl' },
      ],
      [
        post(beacon(), { origin: 'https://evil.example' }),
        403,
        { error: 'cross_site', reason: 'Origin evil.example is not this site and not in allowedOrigins' },
      ],
    ];
    for (const [pending, status, body] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.json()).toMatchObject(body);
    }
    await relay.flush();
    expect(avantlink.requests).toEqual([]);
  });

  it('answers 204 even when AvantLink fails, and the click call was retried', async () => {
    avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const response = await post(beacon());
    expect(response.status).toBe(204);
    await relay.flush();
    expect(avantlink.requests.map((request) => request.status)).toEqual([503, 503]);
    expect(avantlink.clicks).toEqual([]);
  });
});
