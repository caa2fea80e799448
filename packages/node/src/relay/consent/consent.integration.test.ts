import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  afliteTouch,
  BROWSER_UA,
  beacon,
  collectRequest,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  SECRET,
  type TestServer,
} from '../../../test/fixtures/relay';
import type { CaptureResult } from '../collect/capture';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';
import type { RelayConsentOptions } from './consent-rule';

/*
 * The server's consent rule through a real node:http server: the collect endpoint (collectListener)
 * and a server-rendered landing (captureFromRequest) on one port, the testkit's fake AvantLink on
 * another. A refusal must leave no Set-Cookie, no delivery in the store and no call at the fake.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay | undefined;
let server: TestServer | undefined;
let events: RelayEvent[];
let captured: CaptureResult | undefined;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});

afterEach(async () => {
  await relay?.close();
  await server?.close();
  avantlink.reset();
});

afterAll(async () => {
  await avantlink.close();
});

async function start(consent?: RelayConsentOptions): Promise<void> {
  events = [];
  captured = undefined;
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET, secure: false },
    ...(consent ? { consent } : {}),
    logger: (event) => events.push(event),
  });
  const collect = relay.collectListener();
  const shop = relay;
  server = await listen(async (req, res) => {
    if (req.url?.startsWith('/affiliate-relay/collect')) return collect(req, res);
    captured = await shop.captureFromRequest(req);
    res.setHeader('Set-Cookie', captured.setCookie);
    res.end('<h1>Tent</h1>');
  });
}

function beaconFrom(headers: Record<string, string> = {}) {
  return fetch(`${server!.url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, ...headers },
    body: JSON.stringify(beacon()),
  });
}

function landing(headers: Record<string, string> = {}) {
  return fetch(`${server!.url}/products/tent?avad=77_f3afbe121`, {
    headers: { 'user-agent': BROWSER_UA, referer: 'https://blog.example/', ...headers },
  });
}

/** After the worker ran: what reached the fake AvantLink, and what the store still holds. */
async function afterFlush() {
  await relay!.flush();
  const { pending, failed } = await relay!.status();
  return { clicks: avantlink.clicks.length, pending, failed };
}

const GPC = { 'sec-gpc': '1' };
// OneTrust's cookie, URL-encoded as it sets it: C0004 (targeting) is the group an affiliate cookie belongs to.
const oneTrust = (targeting: 0 | 1) =>
  `OptanonConsent=isGpcEnabled=0&datestamp=Mon+Dec+07+2026&version=202409.1.0&groups=C0001%3A1%2CC0002%3A0%2CC0004%3A${targeting}`;
const oneTrustAllows: RelayConsentOptions['allows'] = ({ cookies }) => {
  const groups = new URLSearchParams(cookies.OptanonConsent ?? '').get('groups');
  return groups ? groups.split(',').includes('C0004:1') : undefined;
};

async function expectRefusedBeacon(response: Response, consent: 'gpc' | 'denied') {
  expect(response.status).toBe(403);
  expect(response.headers.getSetCookie()).toEqual([]);
  expect(await response.json()).toEqual({
    error: 'no_consent',
    reason: expect.stringMatching(/nothing is stored or sent/),
    consent,
  });
  expect(events).toContainEqual({
    type: 'collect',
    outcome: 'rejected',
    status: 403,
    error: 'no_consent',
    consent,
    added: 0,
  });
}

describe('Global Privacy Control on the server (default on)', () => {
  it('refuses a beacon with Sec-GPC: 1: 403 no_consent, no cookie, nothing stored, no click call', async () => {
    await start();
    await expectRefusedBeacon(await beaconFrom(GPC), 'gpc');
    expect(await afterFlush()).toEqual({ clicks: 0, pending: 0, failed: 0 });
  });

  it('refuses it through the Web handler too', async () => {
    await start();
    const response = await relay!.handleCollect(collectRequest(beacon(), { headers: GPC }));
    await expectRefusedBeacon(response, 'gpc');
  });

  it('captures nothing on a landing with Sec-GPC: 1, and says why', async () => {
    await start();
    const response = await landing(GPC);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(captured).toMatchObject({ setCookie: [], added: [], refused: 'gpc' });
    expect(await afterFlush()).toEqual({ clicks: 0, pending: 0, failed: 0 });
  });

  it('still takes the same beacon and landing without the header', async () => {
    await start();
    expect((await beaconFrom()).status).toBe(204);
    const page = await landing({ 'sec-gpc': '0' });
    expect(page.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual(['ar_attr', 'ar_ack']);
    expect(captured?.refused).toBeUndefined();
    // Two visitors (no cookie is carried from one request to the other): two click calls.
    expect(await afterFlush()).toMatchObject({ clicks: 2, pending: 0 });
  });

  it('is not honoured with consent.gpc false: both are tracked', async () => {
    await start({ gpc: false });
    const response = await beaconFrom(GPC);
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toHaveLength(2);
    expect((await landing(GPC)).headers.getSetCookie()).toHaveLength(2);
    expect(captured?.added).toHaveLength(1);
    expect(await afterFlush()).toMatchObject({ clicks: 2, pending: 0 });
  });
});

describe('a consent banner’s cookie read by consent.allows (OneTrust’s OptanonConsent)', () => {
  it('tracks a landing and a beacon it grants', async () => {
    await start({ allows: oneTrustAllows });
    expect((await landing({ cookie: oneTrust(1) })).headers.getSetCookie()).toHaveLength(2);
    expect(captured).toMatchObject({ added: [expect.objectContaining({ clickId: '77_f3afbe121' })] });
    expect(captured?.refused).toBeUndefined();
    expect((await beaconFrom({ cookie: oneTrust(1) })).status).toBe(204);
    expect(await afterFlush()).toMatchObject({ clicks: 2, pending: 0 });
  });

  it('refuses both where it denies', async () => {
    await start({ allows: oneTrustAllows });
    expect((await landing({ cookie: oneTrust(0) })).headers.getSetCookie()).toEqual([]);
    expect(captured).toMatchObject({ setCookie: [], added: [], refused: 'denied' });
    await expectRefusedBeacon(await beaconFrom({ cookie: oneTrust(0) }), 'denied');
    expect(await afterFlush()).toEqual({ clicks: 0, pending: 0, failed: 0 });
  });

  it('fails closed for a landing when it cannot tell; a beacon (the script’s own grant) is taken', async () => {
    await start({ allows: oneTrustAllows });
    expect((await landing()).headers.getSetCookie()).toEqual([]);
    expect(captured).toMatchObject({ setCookie: [], added: [], refused: 'unknown' });
    expect(await afterFlush()).toEqual({ clicks: 0, pending: 0, failed: 0 });
    expect((await beaconFrom()).status).toBe(204);
    expect(await afterFlush()).toMatchObject({ clicks: 1, pending: 0 });
  });

  it('lets GPC win over a grant', async () => {
    await start({ allows: oneTrustAllows });
    await landing({ ...GPC, cookie: oneTrust(1) });
    expect(captured?.refused).toBe('gpc');
    await expectRefusedBeacon(await beaconFrom({ ...GPC, cookie: oneTrust(1) }), 'gpc');
    expect(await afterFlush()).toEqual({ clicks: 0, pending: 0, failed: 0 });
  });

  it('counts a throwing function as unknown, with a relay-error, and never answers 500', async () => {
    const bug = new Error('consent lookup failed');
    await start({
      allows: () => {
        throw bug;
      },
    });
    const page = await landing({ cookie: oneTrust(1) });
    expect(page.status).toBe(200);
    expect(captured?.refused).toBe('unknown');
    expect(events).toContainEqual({ type: 'relay-error', operation: 'consent', error: bug });
    expect((await beaconFrom()).status).toBe(204);
  });

  it('is asked with the request it judges', async () => {
    const asked: Array<{ operation: string; path: string; gpc: string | null; cookie?: string }> = [];
    await start({
      allows: ({ operation, url, headers, cookies }) => {
        asked.push({
          operation,
          path: new URL(url).pathname,
          gpc: headers.get('sec-gpc'),
          cookie: cookies.cmp,
        });
        return true;
      },
    });
    await landing({ cookie: 'cmp=yes' });
    await beaconFrom({ cookie: 'cmp=yes' });
    expect(asked).toEqual([
      { operation: 'capture', path: '/products/tent', gpc: null, cookie: 'yes' },
      { operation: 'collect', path: '/affiliate-relay/collect', gpc: null, cookie: 'yes' },
    ]);
  });
});

describe('where consent came from, as the signed cookie remembers it', () => {
  it('a landing captured under consent.allows: server-rule; with no rule: no-rule', async () => {
    await start({ allows: oneTrustAllows });
    await landing({ cookie: oneTrust(1) });
    expect(captured?.attribution.consent).toMatchObject({ source: 'server-rule' });
    await relay?.close();
    await server?.close();
    await start();
    const before = Date.now();
    const page = await landing();
    expect(captured?.attribution.consent?.source).toBe('no-rule');
    expect(captured?.attribution.consent?.at).toBeGreaterThanOrEqual(before);
    const cookies = page.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    expect((await relay!.attributionFrom(cookies)).consent).toEqual(captured?.attribution.consent);
  });

  it('a beacon: the source it names, kept with its first time while the source stays the same', async () => {
    await start();
    const first = await fetch(`${server!.url}/affiliate-relay/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA },
      body: JSON.stringify(beacon(undefined, { consent: 'shopify' })),
    });
    const cookies = first.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const remembered = (await relay!.attributionFrom(cookies)).consent;
    expect(remembered?.source).toBe('shopify');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const again = await fetch(`${server!.url}/affiliate-relay/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, cookie: cookies },
      body: JSON.stringify(beacon([afliteTouch()], { consent: 'shopify' })),
    });
    const later = again.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    expect((await relay!.attributionFrom(later)).consent).toEqual(remembered);
  });
});
