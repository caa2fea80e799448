import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  beacon,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
  type TestServer,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';

/*
 * A withdrawal of consent reaching the server, through a real node:http server and the testkit's fake AvantLink:
 * the browser script's withdrawal beacon ({ withdraw: true, visitorId }) and `relay.forget`. The click call is
 * held back by a 503 with Retry-After (so it is still pending when consent goes); what was dropped must never
 * reach the fake, and an order already recorded must stay.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay | undefined;
let server: TestServer | undefined;
let events: RelayEvent[];

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});

afterEach(async () => {
  await relay?.close({ timeoutMs: 100 });
  await server?.close();
  avantlink.reset();
});

afterAll(async () => {
  await avantlink.close();
});

async function start(consent?: { gpc?: boolean; allows?: () => boolean | undefined }): Promise<Relay> {
  events = [];
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: { ...FAST_RETRY, maxAttempts: 1 } },
    cookie: { secret: SECRET, secure: false },
    store: createMemoryStore(),
    ...(consent ? { consent } : {}),
    logger: (event) => events.push(event),
  });
  const collect = relay.collectListener();
  const shop = relay;
  server = await listen(async (req, res) => {
    if (req.url?.startsWith('/affiliate-relay/collect')) return collect(req, res);
    const { setCookie } = await shop.forget(req);
    res.setHeader('Set-Cookie', setCookie);
    res.end('forgotten');
  });
  return relay;
}

/** Click calls that reached the fake, answered or not (a faulted one is recorded too). */
const clickCalls = () => avantlink.requests.filter((request) => /\/click\/?$/.test(request.path)).length;

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server!.url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, ...headers },
    body: JSON.stringify(body),
  });
}

/** A consented click, its call held back as pending (AvantLink answered 503, Retry-After 60 s): its cookies. */
async function pendingClick(): Promise<string> {
  avantlink.injectFault({ type: 'status', status: 503, retryAfterSeconds: 60 });
  const response = await post(beacon([], { touches: beacon().touches, consent: 'gcm' }));
  expect(response.status).toBe(204);
  await relay!.flush({ timeoutMs: 2_000 });
  expect(clickCalls()).toBe(1);
  expect(await relay!.status()).toMatchObject({ pending: 1 });
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

function expectExpired(setCookies: string[]) {
  const expired = setCookies.map(parseSetCookie);
  expect(expired.map((cookie) => [cookie.name, cookie.value, cookie.attributes['max-age']])).toEqual([
    ['ar_attr', '', '0'],
    ['ar_ack', '', '0'],
    ['ar_touches', '', '0'],
    ['ar_vid', '', '0'],
  ]);
  expect(expired[0]?.attributes.httponly).toBe(true);
}

describe('the withdrawal beacon', () => {
  it("answers 204 with the cookies expired and drops the visitor's pending click: it never reaches AvantLink", async () => {
    await start();
    const cookies = await pendingClick();
    const response = await post({ withdraw: true, visitorId: VISITOR_ID }, { cookie: cookies });
    expect(response.status).toBe(204);
    expectExpired(response.headers.getSetCookie());
    expect(events).toContainEqual({
      type: 'collect',
      outcome: 'withdrawn',
      status: 204,
      added: 0,
      dropped: 1,
    });
    expect(await relay!.status()).toMatchObject({ pending: 0, failed: 0 });
    await relay!.flush({ timeoutMs: 500 });
    expect(clickCalls()).toBe(1);
  });

  it('finds the visitor by the signed cookie alone (a withdrawal without a visitor id)', async () => {
    await start();
    const cookies = await pendingClick();
    expect((await post({ withdraw: true }, { cookie: cookies })).status).toBe(204);
    expect(await relay!.status()).toMatchObject({ pending: 0 });
  });

  it('is taken even where the consent rule refuses the request (Sec-GPC: 1, allows: false)', async () => {
    let allowed = true;
    await start({ allows: () => allowed });
    const cookies = await pendingClick();
    allowed = false;
    const response = await post({ withdraw: true }, { cookie: cookies, 'sec-gpc': '1' });
    expect(response.status).toBe(204);
    expectExpired(response.headers.getSetCookie());
    expect(await relay!.status()).toMatchObject({ pending: 0 });
    // A beacon from the same refused request is still refused, and sets nothing.
    const refused = await post(beacon(), { cookie: cookies, 'sec-gpc': '1' });
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it('never drops an order already recorded', async () => {
    await start();
    const cookies = await pendingClick();
    const conversion = await relay!.recordConversion({
      order: { orderId: 'o-withdrawn-1', subtotal: 40, currency: 'USD' },
      request: new Request('http://shop.test/thanks', {
        headers: { cookie: cookies, 'user-agent': BROWSER_UA },
      }),
    });
    expect(conversion.results.avantlink?.status).toBe('sent');
    expect((await post({ withdraw: true }, { cookie: cookies })).status).toBe(204);
    await relay!.flush({ timeoutMs: 500 });
    expect(avantlink.orders.map((body) => body.order.order_number)).toEqual(['o-withdrawn-1']);
    expect(clickCalls()).toBe(1);
  });

  it('refuses a withdrawal it cannot read with 400 invalid_beacon, never a 500', async () => {
    await start();
    const response = await post({ withdraw: 'yes', visitorId: 'a b' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_beacon',
      issues: expect.arrayContaining([expect.objectContaining({ path: 'withdraw' })]),
    });
  });
});

describe('relay.forget', () => {
  it('given a request: drops the pending click and gives the expired cookies to set', async () => {
    await start();
    const cookies = await pendingClick();
    const page = await fetch(`${server!.url}/privacy/forget-me`, { headers: { cookie: cookies } });
    expectExpired(page.headers.getSetCookie());
    expect(await relay!.status()).toMatchObject({ pending: 0 });
  });

  it('given a visitor id: says what it dropped, and sets nothing', async () => {
    await start();
    await pendingClick();
    expect(await relay!.forget(VISITOR_ID)).toEqual({
      visitorIds: [VISITOR_ID],
      droppedClicks: 1,
      setCookie: [],
      storeDrops: true,
    });
    expect(await relay!.forget(VISITOR_ID)).toMatchObject({ droppedClicks: 0 });
    await expect(relay!.forget('not a visitor')).rejects.toMatchObject({ name: 'ValidationError' });
  });
});

describe('the consent the signed cookie remembers', () => {
  it('is the source the beacon named, with the time: attributionFrom gives it', async () => {
    await start();
    const before = Date.now();
    const cookies = await pendingClick();
    const attribution = await relay!.attributionFrom(cookies);
    expect(attribution.consent?.source).toBe('gcm');
    expect(attribution.consent?.at).toBeGreaterThanOrEqual(before);
    expect(attribution.consent?.at).toBeLessThanOrEqual(Date.now());
  });
});
