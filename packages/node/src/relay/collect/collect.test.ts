import { avantLinkHandlers, createFakeAvantLink } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  afliteTouch,
  avantlinkTouch,
  beacon,
  collectRequest,
  cookieHeaderFrom,
  FAST_RETRY,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
  SHOP,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import type { RelayConfig } from '../config';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';

const fake = createFakeAvantLink();
const server = setupServer(...avantLinkHandlers({ fake }));
const relays: Relay[] = [];
let events: RelayEvent[] = [];

function relayWith(config: Partial<RelayConfig> = {}): Relay {
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, retry: FAST_RETRY },
    cookie: { secret: SECRET },
    logger: (event) => events.push(event),
    ...config,
  });
  relays.push(relay);
  return relay;
}

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  fake.reset();
  events = [];
});
afterAll(() => server.close());

interface ErrorBody {
  error: string;
  reason: string;
  issues?: { path: string; message: string }[];
}

async function errorOf(response: Response) {
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe('handleCollect refuses bad beacons with a status and a reason, and calls no network', () => {
  it('405 for any method but POST, with Allow: POST', async () => {
    const relay = relayWith();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await relay.handleCollect(collectRequest(beacon(), { method }));
      expect(response.headers.get('allow')).toBe('POST');
      expect(await errorOf(response)).toEqual({
        status: 405,
        body: { error: 'method_not_allowed', reason: `${method} is not allowed here: POST a beacon` },
      });
    }
  });

  it('413 for a body over 8 KiB, declared or streamed', async () => {
    const relay = relayWith();
    const oversize = beacon(undefined, { referrer: `https://blog.example/${'x'.repeat(9000)}` });
    const declared = await relay.handleCollect(collectRequest(oversize));
    expect(await errorOf(declared)).toEqual({
      status: 413,
      body: { error: 'payload_too_large', reason: 'A beacon is at most 8192 bytes' },
    });
    const chunks = [new TextEncoder().encode(JSON.stringify(oversize))];
    const stream = new ReadableStream({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await relay.handleCollect(
      new Request(`${SHOP}/c`, {
        method: 'POST',
        body: stream,
        headers: { origin: SHOP },
        duplex: 'half',
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it('415 for a media type other than text/plain or JSON', async () => {
    const response = await relayWith().handleCollect(
      collectRequest('touches=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(await errorOf(response)).toEqual({
      status: 415,
      body: { error: 'unsupported_media_type', reason: 'Send the beacon as text/plain or application/json' },
    });
  });

  it('400 invalid_json for a body that is not JSON', async () => {
    const response = await relayWith().handleCollect(collectRequest('{"touches": ['));
    expect(await errorOf(response)).toMatchObject({ status: 400, body: { error: 'invalid_json' } });
  });

  it('400 invalid_beacon naming the fields at fault', async () => {
    const bad = beacon([avantlinkTouch({ clickId: '' })], { visitorId: 'short' });
    const { status, body } = await errorOf(await relayWith().handleCollect(collectRequest(bad)));
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_beacon');
    expect(body.reason).toBe('The beacon is invalid at touches.0.clickId, visitorId');
    expect(body.issues?.map((issue) => issue.path)).toEqual(['touches.0.clickId', 'visitorId']);
  });

  it('400 invalid_beacon, never a 500, for click ids with a lone surrogate (valid JSON, no cookie can hold them)', async () => {
    // JSON.stringify writes a lone surrogate as the ASCII escape \ud800: valid JSON, valid UTF-8.
    const touches = [
      afliteTouch({ clickId: 'abc\ud800' }),
      avantlinkTouch({ clickId: '77_x', gclid: '\udfffG1' }),
    ];
    const body = JSON.stringify(beacon(touches));
    expect(body).toContain('abc\\ud800');
    const response = await relayWith().handleCollect(collectRequest(body));
    expect(response.headers.getSetCookie()).toEqual([]);
    const { status, body: answer } = await errorOf(response);
    expect(status).toBe(400);
    expect(answer.error).toBe('invalid_beacon');
    expect(answer.issues?.map((issue) => issue.path)).toEqual(['touches.0.clickId', 'touches.1.gclid']);
    expect(events.filter((event) => event.type === 'relay-error')).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('403 for another site’s Origin or a cross-site fetch', async () => {
    const relay = relayWith();
    const foreign = await relay.handleCollect(
      collectRequest(beacon(), { headers: { origin: 'https://evil.example' } }),
    );
    expect(await errorOf(foreign)).toEqual({
      status: 403,
      body: { error: 'cross_site', reason: 'Origin evil.example is not this site and not in allowedOrigins' },
    });
    const request = new Request(`${SHOP}/c`, {
      method: 'POST',
      body: JSON.stringify(beacon()),
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect((await relay.handleCollect(request)).status).toBe(403);
  });

  it('sets no cookie on a refusal and lets nothing reach AvantLink', async () => {
    const relay = relayWith();
    const responses = await Promise.all([
      relay.handleCollect(collectRequest(beacon(), { method: 'GET' })),
      relay.handleCollect(collectRequest('nope')),
      relay.handleCollect(collectRequest(beacon(), { headers: { origin: 'https://evil.example' } })),
    ]);
    await relay.flush();
    for (const response of responses) expect(response.headers.getSetCookie()).toEqual([]);
    expect(fake.requests).toEqual([]);
    const codes = events.map((event) => (event.type === 'collect' ? event.error : event.type));
    expect(codes.sort()).toEqual(['cross_site', 'invalid_json', 'method_not_allowed']);
  });
});

describe('handleCollect accepts a good beacon', () => {
  it('allows a listed origin, with CORS headers, and answers its preflight', async () => {
    const relay = relayWith({ allowedOrigins: ['https://www.shop.test'] });
    const headers = { origin: 'https://www.shop.test' };
    const response = await relay.handleCollect(collectRequest(beacon(), { headers }));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.shop.test');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await relay.handleCollect(collectRequest(null, { method: 'OPTIONS', headers }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    const other = await relay.handleCollect(collectRequest(null, { method: 'OPTIONS' }));
    expect(other.status).toBe(405);
  });

  it('sends the shopper’s IP only with forwardIp, and the user id the shop passes', async () => {
    const relay = relayWith({ forwardIp: true });
    await relay.handleCollect(collectRequest(beacon()), { clientIp: '203.0.113.7', userId: 'user-42' });
    await relay.flush();
    expect(fake.clicks[0]).toMatchObject({
      user_ip_address: '203.0.113.7',
      tracking_ids: { user_id: ['user-42'], visitor_id: [VISITOR_ID] },
    });
  });

  it('reads X-Forwarded-For only with trustProxy', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.9, 10.0.0.1' };
    const trusting = relayWith({ forwardIp: true, trustProxy: true });
    await trusting.handleCollect(collectRequest(beacon(), { headers }), { remoteAddress: '10.0.0.1' });
    await trusting.flush();
    const plain = relayWith({ forwardIp: true });
    await plain.handleCollect(collectRequest(beacon(), { headers }), { remoteAddress: '203.0.113.50' });
    await plain.flush();
    // Without trustProxy the private peer 10.0.0.1 (the proxy) is never sent: no user_ip_address.
    const local = relayWith({ forwardIp: true });
    await local.handleCollect(collectRequest(beacon(), { headers }), { remoteAddress: '10.0.0.1' });
    await local.flush();
    expect(fake.clicks.map((click) => click.user_ip_address)).toEqual([
      '198.51.100.9',
      '203.0.113.50',
      undefined,
    ]);
  });

  // Strings a crafted beacon may carry as landingUrl, referrer or pageUrl: none is a well-formed http(s) URL.
  const NOT_URLS = [
    'not a url',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example/tent',
    '//blog.example/no-scheme',
    'https://blog.example/a b',
    'https://blog.example/\u0001ctl',
    'https://blog.example/\u0085c1',
    'https://blog.example/\ud800lone',
    'https://blog.example/\ttab',
    'https://',
  ];

  it.each(NOT_URLS)('leaves %j out of the click call, and the beacon still counts', async (junk) => {
    const relay = relayWith();
    const page = `${SHOP}/products/tent?avad=77_f3afbe121`;
    const touch = avantlinkTouch({ landingUrl: junk, referrer: junk });
    const response = await relay.handleCollect(
      collectRequest(beacon([touch], { pageUrl: page, referrer: junk })),
    );
    await relay.flush();
    expect(response.status).toBe(204);
    expect(fake.clicks).toHaveLength(1);
    expect(fake.clicks[0]?.current_url).toBe(page);
    expect(fake.clicks[0]).not.toHaveProperty('referrer_url');
    expect(JSON.stringify(fake.requests)).not.toContain(JSON.stringify(junk).slice(1, -1));
  });

  it('never forwards a page URL that is not well-formed (zod accepts control characters in it)', async () => {
    const relay = relayWith();
    const junkPage = `${SHOP}/\u0001\ud800`;
    const landing = `${SHOP}/products/tent?avad=77_f3afbe121`;
    const withLanding = avantlinkTouch({ landingUrl: landing });
    await relay.handleCollect(collectRequest(beacon([withLanding], { pageUrl: junkPage })));
    await relay.flush();
    expect(fake.clicks.map((click) => click.current_url)).toEqual([landing]);
    // Without a landing URL there is no well-formed page to report: the click keeps its cookie, no call is made.
    fake.reset();
    const bare = avantlinkTouch({ clickId: '77_other', landingUrl: undefined });
    const response = await relay.handleCollect(collectRequest(beacon([bare], { pageUrl: junkPage })));
    await relay.flush();
    expect(response.status).toBe(204);
    expect(fake.requests).toEqual([]);
    const attribution = await relay.attributionFrom(cookieHeaderFrom(response.headers.getSetCookie()));
    expect(attribution.touches.map((t) => t.clickId)).toEqual(['77_other']);
  });

  it('X, Y, then X again (Back to an older landing): X is not new, no click call, Y keeps the credit', async () => {
    const relay = relayWith();
    const now = Date.now();
    const X = avantlinkTouch({ clickId: 'X_1', capturedAt: now - 2000 });
    const Y = avantlinkTouch({ clickId: 'Y_2', capturedAt: now - 1000 });
    const first = await relay.handleCollect(collectRequest(beacon([X])));
    const afterX = cookieHeaderFrom(first.headers.getSetCookie());
    const second = await relay.handleCollect(collectRequest(beacon([Y]), { headers: { cookie: afterX } }));
    const afterY = cookieHeaderFrom(second.headers.getSetCookie());
    // An older script (or a crafted beacon) announces X again, captured now.
    const back = await relay.handleCollect(
      collectRequest(beacon([{ ...X, capturedAt: now }]), { headers: { cookie: afterY } }),
    );
    await relay.flush();
    expect(back.status).toBe(204);
    expect(
      fake.clicks.map((click) => (click.tracking_ids as { avantlink_avad: string }).avantlink_avad),
    ).toEqual(['X_1', 'Y_2']);
    const attribution = await relay.attributionFrom(cookieHeaderFrom(back.headers.getSetCookie()));
    expect(attribution.touches).toEqual([
      expect.objectContaining({ clickId: 'Y_2', capturedAt: Y.capturedAt }),
    ]);
    expect(events.filter((e) => e.type === 'collect').map((e) => (e as { added: number }).added)).toEqual([
      1, 1, 0,
    ]);
  });

  it('makes no click call for an Aflite touch (Aflite has none) but keeps it in the cookie', async () => {
    const relay = relayWith({ aflite: { apiKey: 'k', merchantId: 'm', goalId: '1' } });
    const response = await relay.handleCollect(collectRequest(beacon([afliteTouch()])));
    await relay.flush();
    expect(fake.requests).toEqual([]);
    const attribution = await relay.attributionFrom(cookieHeaderFrom(response.headers.getSetCookie()));
    expect(attribution.touches.map((touch) => touch.network)).toEqual(['aflite']);
  });

  it('keeps the visitor id of a valid server cookie over the beacon’s', async () => {
    const relay = relayWith();
    const first = await relay.handleCollect(collectRequest(beacon()));
    const cookie = cookieHeaderFrom(first.headers.getSetCookie());
    const second = await relay.handleCollect(
      collectRequest(
        beacon([avantlinkTouch({ clickId: '77_second', capturedAt: Date.now() })], {
          visitorId: 'vis_new_one',
        }),
        {
          headers: { cookie },
        },
      ),
    );
    await relay.flush();
    expect(parseSetCookie(second.headers.getSetCookie()[0]!).value.startsWith(`${VISITOR_ID}|`)).toBe(true);
    expect(fake.clicks.map((click) => click.tracking_ids.visitor_id)).toEqual([[VISITOR_ID], [VISITOR_ID]]);
  });

  it('never dates a click after its arrival (a shopper’s clock may run ahead)', async () => {
    const relay = relayWith();
    const future = Date.now() + 365 * 86_400_000;
    const response = await relay.handleCollect(
      collectRequest(beacon([avantlinkTouch({ capturedAt: future })])),
    );
    const attribution = await relay.attributionFrom(cookieHeaderFrom(response.headers.getSetCookie()));
    expect(attribution.touches[0]!.capturedAt).toBeLessThanOrEqual(Date.now());
  });

  it('hands the background click call to waitUntil, from the context or the config', async () => {
    const fromConfig: Promise<unknown>[] = [];
    const fromContext: Promise<unknown>[] = [];
    const relay = relayWith({ waitUntil: (promise) => fromConfig.push(promise) });
    await relay.handleCollect(collectRequest(beacon()));
    await relay.handleCollect(collectRequest(beacon([avantlinkTouch({ clickId: '77_b' })])), {
      waitUntil: (promise) => fromContext.push(promise),
    });
    await Promise.all([...fromConfig, ...fromContext]);
    expect([fromConfig.length, fromContext.length]).toEqual([1, 1]);
    expect(fake.clicks).toHaveLength(2);
  });

  it('answers an internal failure with a 500 that tells nothing, and logs it', async () => {
    const relay = relayWith();
    const broken = {
      method: 'POST',
      url: `${SHOP}/c`,
      headers: {
        get() {
          throw new Error('secret internals');
        },
      },
    } as unknown as Request;
    const response = await relay.handleCollect(broken);
    expect(await errorOf(response)).toEqual({
      status: 500,
      body: { error: 'internal_error', reason: 'The beacon could not be processed' },
    });
    expect(events.some((event) => event.type === 'relay-error' && event.operation === 'collect')).toBe(true);
  });

  it('logs a collect event and never a secret or a cookie value', async () => {
    const relay = relayWith();
    const response = await relay.handleCollect(collectRequest(beacon()));
    await relay.flush();
    const cookieValue = parseSetCookie(response.headers.getSetCookie()[0]!).value;
    expect(events).toContainEqual({ type: 'collect', outcome: 'accepted', status: 204, added: 1 });
    expect(events).toContainEqual({ type: 'click', network: 'avantlink', outcome: 'sent', attempt: 1 });
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain(cookieValue);
  });
});
