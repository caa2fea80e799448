import { encodeTouches, isVisitorId } from '@affiliate-relay/core';
import { avantLinkHandlers, createFakeAvantLink } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  cookieHeaderFrom,
  FAST_RETRY,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
} from '../../../test/fixtures/relay';
import { createRelay, type Relay } from '../create-relay';

const fake = createFakeAvantLink();
const server = setupServer(...avantLinkHandlers({ fake }));
let relay: Relay;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
beforeEach(() => {
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, retry: FAST_RETRY },
    aflite: { apiKey: 'k', merchantId: 'm', goalId: '1' },
    cookie: { secret: SECRET },
  });
});
afterEach(async () => {
  await relay.close();
  fake.reset();
});
afterAll(() => server.close());

function landing(url: string, headers: Record<string, string> = {}) {
  return new Request(url, {
    headers: { 'user-agent': BROWSER_UA, referer: 'https://blog.example/', ...headers },
  });
}

describe('captureFromRequest', () => {
  it('returns the signed cookie and reports the click of a server-rendered landing', async () => {
    const url = 'https://shop.test/products/tent?avad=77_f3afbe121&gclid=G1';
    const result = await relay.captureFromRequest(landing(url));
    expect(result.setCookie.map((header) => parseSetCookie(header).name)).toEqual(['ar_attr', 'ar_ack']);
    const cookie = parseSetCookie(result.setCookie[0]!);
    expect(cookie.name).toBe('ar_attr');
    expect(cookie.attributes).toMatchObject({ httponly: true, secure: true, samesite: 'Lax', path: '/' });
    expect(result.added.map((touch) => [touch.network, touch.clickId, touch.gclid])).toEqual([
      ['avantlink', '77_f3afbe121', 'G1'],
    ]);
    await relay.flush();
    expect(fake.clicks).toEqual([
      {
        tracking_ids: {
          user_id: [],
          visitor_id: [result.attribution.visitorId],
          avantlink_avad: '77_f3afbe121',
        },
        user_agent: BROWSER_UA,
        current_url: url,
        referrer_url: 'https://blog.example/',
        google_click_id: 'G1',
      },
    ]);
    const read = await relay.attributionFrom(cookieHeaderFrom(result.setCookie));
    expect(read).toEqual(result.attribution);
  });

  it('captures an Aflite landing without any click call', async () => {
    const result = await relay.captureFromRequest(
      landing('https://shop.test/?clickSource=aflite&clickSessionID=abc123'),
    );
    await relay.flush();
    expect(result.added.map((touch) => touch.network)).toEqual(['aflite']);
    expect(fake.requests).toEqual([]);
  });

  it('sets nothing for a page without a click, and nothing new on a reload of the landing', async () => {
    const plain = await relay.captureFromRequest(landing('https://shop.test/about'));
    expect(plain).toEqual({ setCookie: [], attribution: { touches: [], source: 'none' }, added: [] });
    const url = 'https://shop.test/?avad=77_f3afbe121';
    const first = await relay.captureFromRequest(landing(url));
    const reload = await relay.captureFromRequest(
      landing(url, { cookie: cookieHeaderFrom(first.setCookie) }),
    );
    expect(reload.setCookie).toEqual([]);
    expect(reload.attribution.source).toBe('server-cookie');
    await relay.flush();
    expect(fake.clicks).toHaveLength(1);
  });

  it('keeps the browser script’s visitor id and earlier clicks', async () => {
    const earlier = { network: 'aflite' as const, clickId: 'abc123', capturedAt: Date.now() - 60_000 };
    const cookie = `ar_vid=vis_browser1; ar_touches=${encodeTouches([earlier])}`;
    const result = await relay.captureFromRequest(landing('https://shop.test/?avad=77_new', { cookie }));
    expect(result.attribution.visitorId).toBe('vis_browser1');
    expect(result.attribution.touches.map((touch) => touch.network)).toEqual(['avantlink', 'aflite']);
  });
});

describe("a new visitor's id", () => {
  it("is core's format (newVisitorId: 22 base64url characters), the one the browser script makes", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const result = await relay.captureFromRequest(landing(`https://shop.test/?avad=77_visitor${i}`));
      ids.add(result.attribution.visitorId!);
    }
    expect(ids.size).toBe(5);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isVisitorId(id)).toBe(true);
    }
  });
});
