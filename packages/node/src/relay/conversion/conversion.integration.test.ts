import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import {
  afliteTouch,
  avantlinkTouch,
  BROWSER_UA,
  beacon,
  cookieHeaderFrom,
  listen,
  MERCHANT_ID,
  OLD_SECRET,
  SECRET,
  type TestServer,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';
import type { RelayConfig } from '../config';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';

/*
 * The whole journey through real servers: a beacon into the shop's node:http server, its cookie
 * sent back at checkout, and the order at the testkit's fake AvantLink or fake Aflite.
 */

const net = useFakeNetworks();
const opened: { relay: Relay; server: TestServer }[] = [];

afterEach(async () => {
  for (const { relay, server } of opened.splice(0)) {
    await relay.close();
    await server.close();
  }
});

async function shop(config: Partial<RelayConfig> = {}) {
  const relay = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret: SECRET },
    ...config,
  });
  const server = await listen(relay.collectListener());
  opened.push({ relay, server });
  /** Beacons like the browser script and returns the cookie the browser would send back. */
  const land = async (touches = [avantlinkTouch()], cookie?: string) => {
    const response = await fetch(`${server.url}/affiliate-relay/collect`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'user-agent': BROWSER_UA,
        origin: server.url,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(beacon(touches)),
    });
    expect(response.status).toBe(204);
    return cookieHeaderFrom(response.headers.getSetCookie());
  };
  const checkout = (cookie: string) =>
    new Request('https://shop.test/checkout/thanks', { headers: { cookie, 'user-agent': BROWSER_UA } });
  return { relay, land, checkout };
}

const fullOrder = {
  orderId: '12345',
  subtotal: 100,
  currency: 'USD',
  couponCodes: ['free-shipping'],
  customer: { newCustomer: false, country: 'USA', region: '', state: 'UT' },
  items: [
    { parentSku: 'TENT-2', variantSku: 'TENT-2-GRN', price: 80, quantity: 1 },
    { parentSku: 'PEG-10', price: 10, quantity: 2, brand: 'Acme' },
  ],
};

describe('conversions through real servers', () => {
  it('after an AvantLink touch, the order reaches fake AvantLink with every field', async () => {
    const { relay, land, checkout } = await shop();
    const cookie = await land([avantlinkTouch({ gclid: 'EAIaIQobChMI' })]);
    const result = await relay.recordConversion({
      order: fullOrder,
      request: checkout(cookie),
      user: { id: 'u_78901' },
    });
    expect(result.results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    const orderRequests = net.avantlink.requests.filter((request) =>
      request.path.endsWith('/tracking/order'),
    );
    expect(orderRequests.map((request) => request.path)).toEqual([
      `/merchants/${MERCHANT_ID}/tracking/order`,
    ]);
    expect(net.avantlink.orders).toEqual([
      {
        tracking_ids: { user_id: ['u_78901'], visitor_id: [VISITOR_ID], avantlink_avad: '77_f3afbe121' },
        user_agent: BROWSER_UA,
        current_url: 'https://shop.test/checkout/thanks',
        google_click_id: 'EAIaIQobChMI',
        order: {
          order_number: '12345',
          order_amount_subtotal: 100,
          currency: 'USD',
          coupon_codes: ['free-shipping'],
          customer: { new_customer: false, country: 'USA', state: 'UT' },
          products: [
            { parent_sku: 'TENT-2', variant_sku: 'TENT-2-GRN', price: 80, qty: 1 },
            { parent_sku: 'PEG-10', price: 10, qty: 2, brand: 'Acme' },
          ],
        },
      },
    ]);
    expect(net.aflite.requests).toEqual([]);
  });

  it('after an Aflite touch, fake Aflite records one goal', async () => {
    const { relay, land, checkout } = await shop();
    const cookie = await land([afliteTouch()]);
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    expect(result.results.aflite).toEqual({ status: 'sent' });
    expect(net.aflite.goals).toEqual([
      {
        mid: 'test-merchant',
        clickSessionID: 'abc123',
        goalid: '7',
        mref: '12345',
        value: '100.00',
        at: expect.any(Number),
      },
    ]);
    expect(net.avantlink.orders).toEqual([]);
  });

  it('with both touches the last click wins and only that network is called', async () => {
    const { relay, land, checkout } = await shop();
    const first = await land([avantlinkTouch({ capturedAt: Date.now() - 10_000 })]);
    const both = await land([afliteTouch({ capturedAt: Date.now() - 1_000 })], first);
    net.avantlink.reset();
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(both) });
    expect(result.results).toEqual({
      aflite: { status: 'sent' },
      avantlink: { status: 'skipped', reason: 'not-selected' },
    });
    expect(result.decision.explanation).toMatch(/^Policy last-click: Aflite click abc123 .* wins/);
    expect(net.aflite.goals).toHaveLength(1);
    expect(net.avantlink.requests).toEqual([]);
  });

  it('a repeated conversion is duplicate for the network that received it, skipped for the other, and calls no network', async () => {
    const { relay, land, checkout } = await shop();
    const cookie = await land();
    await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    const calls = net.avantlink.requests.length;
    const again = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    expect(again.results).toEqual({
      avantlink: { status: 'duplicate' },
      aflite: { status: 'skipped', reason: 'recorded-before' },
    });
    expect(net.avantlink.requests).toHaveLength(calls);
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it('webhook: an attribution saved as JSON with the cart is credited later, with the shopper’s browser and page', async () => {
    const { relay, land } = await shop();
    const cookie = await land();
    const saved = JSON.stringify(await relay.attributionFrom(cookie));
    const result = await relay.recordConversion({ order: fullOrder, attribution: saved });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    // No request at all: the user agent and the landing URL come from the click, through the server cookie.
    expect(net.avantlink.orders[0]).toMatchObject({
      tracking_ids: { visitor_id: [VISITOR_ID], avantlink_avad: '77_f3afbe121' },
      user_agent: BROWSER_UA,
      current_url: 'http://shop.test/products/tent?avad=77_f3afbe121',
    });
  });

  it('webhook: the landing URL and user agent of a click survive a later click of the other network', async () => {
    const { relay, land } = await shop();
    const first = await land([avantlinkTouch({ capturedAt: Date.now() - 5_000 })]);
    const both = await land([afliteTouch()], first);
    const attribution = await relay.attributionFrom(both);
    expect(attribution.userAgent).toBe(BROWSER_UA);
    expect(attribution.touches.find((t) => t.network === 'avantlink')?.landingUrl).toBe(
      'http://shop.test/products/tent?avad=77_f3afbe121',
    );
    const result = await relay.recordConversion({
      order: fullOrder,
      attribution: { ...attribution, touches: attribution.touches.filter((t) => t.network === 'avantlink') },
    });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    expect(net.avantlink.orders[0]).toMatchObject({
      user_agent: BROWSER_UA,
      current_url: 'http://shop.test/products/tent?avad=77_f3afbe121',
    });
  });

  it('a network down at checkout: pending, then delivered by flush() once it recovers', async () => {
    const { relay, land, checkout } = await shop();
    const cookie = await land();
    await relay.flush();
    net.avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    expect(result.results.avantlink).toMatchObject({ status: 'pending', error: { status: 503 } });
    expect(net.avantlink.orders).toEqual([]);
    expect(await relay.flush()).toEqual({ completed: true });
    expect(net.avantlink.orders.map((order) => order.order.order_number)).toEqual(['12345']);
    // Delivered once: a later flush finds nothing pending.
    await relay.flush();
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it('the redelivery timer delivers a pending conversion by itself', async () => {
    const store = createMemoryStore();
    const { relay, land, checkout } = await shop({
      store,
      delivery: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 20 },
    });
    const cookie = await land();
    await relay.flush();
    net.avantlink.injectFault({ type: 'drop', times: 2 });
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    expect(result.results.avantlink?.status).toBe('pending');
    await vi.waitFor(() => expect(net.avantlink.orders).toHaveLength(1), { timeout: 5_000, interval: 20 });
    await vi.waitFor(async () => expect((await store.list('order', '12345'))[0]?.status).toBe('sent'));
  });

  it('Aflite stays exactly-once when an answer is lost after the goal was recorded', async () => {
    const { relay, land, checkout } = await shop({
      aflite: {
        apiKey: 'test-api-key',
        merchantId: 'test-merchant',
        goalId: '7',
        baseUrl: net.aflite.url,
        timeoutMs: 100,
        retry: { maxAttempts: 1 },
      },
    });
    const cookie = await land([afliteTouch()]);
    // The goal is recorded but its answer comes too late; the goal feed is down for the one lookup.
    net.aflite.injectFault({ type: 'delay', ms: 300 });
    net.aflite.injectFault({ type: 'status', status: 503 });
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    expect(result.results.aflite?.status).toBe('pending');
    await relay.flush();
    expect(net.aflite.goals).toHaveLength(1);
    expect(net.aflite.errors).toEqual([]);
  });

  it('Aflite answering 200 "ERROR: Invalid API key" ends the delivery failed, with one register request', async () => {
    const store = createMemoryStore();
    const events: RelayEvent[] = [];
    const { relay, land, checkout } = await shop({ store, logger: (event) => events.push(event) });
    const cookie = await land([afliteTouch()]);
    net.aflite.injectFault({ type: 'status', status: 200, body: 'ERROR: Invalid API key' });
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(cookie) });
    await relay.flush();
    expect(result.results.aflite).toMatchObject({ status: 'failed' });
    const [record] = await store.list('order', '12345');
    expect(record).toMatchObject({ status: 'failed', lastError: { status: 200 } });
    expect(record?.lastError?.message).toMatch(/ERROR: Invalid API key/);
    expect(net.aflite.requests.filter((r) => r.path === '/data/register/goal')).toHaveLength(1);
    expect(net.aflite.goals).toEqual([]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'delivery', network: 'aflite', outcome: 'failed' }),
    );
  });

  it('secret rotation: a cookie signed with the previous secret still earns the sale', async () => {
    const before = await shop({ cookie: { secret: OLD_SECRET } });
    const cookie = await before.land();
    const after = await shop({ cookie: { secret: [SECRET, OLD_SECRET] } });
    const result = await after.relay.recordConversion({ order: fullOrder, request: after.checkout(cookie) });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    const stranger = await shop({ cookie: { secret: SECRET } });
    const ignored = await stranger.relay.attributionFrom(cookie);
    expect(ignored.source).toBe('none');
  });

  it('a tampered cookie earns nothing', async () => {
    const { relay, land, checkout } = await shop();
    const cookie = await land();
    const tampered = cookie.replace('77_f3afbe121', '77_f3afbe999');
    const result = await relay.recordConversion({ order: fullOrder, request: checkout(tampered) });
    expect(result.results.avantlink).toEqual({ status: 'skipped', reason: 'no-attribution' });
    expect(net.avantlink.orders).toEqual([]);
  });
});
