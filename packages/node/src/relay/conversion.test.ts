import { AffiliateRelayError, DAY_MS, ValidationError } from '@affiliate-relay/core';
import {
  afliteHandlers,
  avantLinkHandlers,
  createAfliteFake,
  createAvantLinkFake,
} from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RelayEvent } from '../http/events';
import type { RelayConfig } from './config';
import { createRelay, type Relay } from './create-relay';
import type { DeliveryStore } from './delivery-store';
import { createMemoryStore } from './memory-store';
import {
  afliteTouch,
  avantlinkTouch,
  BROWSER_UA,
  FAST_RETRY,
  MERCHANT_ID,
  SECRET,
  VISITOR_ID,
} from './relay.fixture';

const avantlink = createAvantLinkFake();
const aflite = createAfliteFake();
const server = setupServer(...avantLinkHandlers({ fake: avantlink }), ...afliteHandlers({ fake: aflite }));
const relays: Relay[] = [];
let events: RelayEvent[] = [];

function relayWith(config: Partial<RelayConfig> = {}): Relay {
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, retry: FAST_RETRY },
    aflite: { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: '7', retry: FAST_RETRY },
    cookie: { secret: SECRET },
    logger: (event) => events.push(event),
    redelivery: { intervalMs: 0 },
    ...config,
  });
  relays.push(relay);
  return relay;
}

const order = { orderId: 'order-1', subtotal: 100, currency: 'USD' };
const attribution = (touches = [avantlinkTouch()]) => ({
  visitorId: VISITOR_ID,
  touches,
  source: 'server-cookie' as const,
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  avantlink.reset();
  aflite.reset();
  events = [];
});
afterAll(() => server.close());

describe('recordConversion: who gets the sale', () => {
  it('sends nothing without attribution, says why, and records nothing', async () => {
    const store = createMemoryStore();
    const result = await relayWith({ store }).recordConversion({ order });
    expect(result).toMatchObject({
      orderId: 'order-1',
      decision: { reason: 'no-touches', explanation: 'No affiliate click is on record.' },
      results: {
        avantlink: { status: 'skipped', reason: 'no-attribution' },
        aflite: { status: 'skipped', reason: 'no-attribution' },
      },
    });
    expect([avantlink.requests, aflite.requests, await store.list('order-1')]).toEqual([[], [], []]);
  });

  it('skips an expired click with the reason expired', async () => {
    const old = avantlinkTouch({ capturedAt: Date.now() - 31 * DAY_MS });
    const { results } = await relayWith().recordConversion({ order, attribution: attribution([old]) });
    expect(results).toEqual({
      avantlink: { status: 'skipped', reason: 'expired' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    expect(avantlink.requests).toEqual([]);
  });

  it('honours each network’s window and the `now` of the sale', async () => {
    const touch = avantlinkTouch({ capturedAt: 1_000 });
    const relay = relayWith({ windows: { avantlink: 2 } });
    const inside = await relay.recordConversion({
      order,
      attribution: attribution([touch]),
      now: 1_000 + 2 * DAY_MS,
    });
    expect(inside.results.avantlink).toEqual({ status: 'sent' });
    const outside = await relay.recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution([touch]),
      now: 1_001 + 2 * DAY_MS,
    });
    expect(outside.results.avantlink).toEqual({ status: 'skipped', reason: 'expired' });
  });

  it('last click wins by default: the other network is not-selected', async () => {
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const { results, decision } = await relayWith().recordConversion({
      order,
      attribution: attribution(touches),
    });
    expect(results).toEqual({
      aflite: { status: 'sent' },
      avantlink: { status: 'skipped', reason: 'not-selected' },
    });
    expect(decision.winners.map((touch) => touch.network)).toEqual(['aflite']);
    expect(avantlink.requests).toEqual([]);
  });

  it('credits every network with policy all, and the oldest with first-click', async () => {
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const all = await relayWith({ attribution: { policy: 'all' } }).recordConversion({
      order,
      attribution: attribution(touches),
    });
    expect(all.results).toEqual({ avantlink: { status: 'sent' }, aflite: { status: 'sent' } });
    const first = await relayWith({ attribution: { policy: 'first-click' } }).recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution(touches),
    });
    expect(first.results.avantlink).toEqual({ status: 'sent' });
  });

  it('ignores touches of a network the relay does not configure', async () => {
    const relay = relayWith({ aflite: undefined });
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const { results } = await relay.recordConversion({ order, attribution: attribution(touches) });
    expect(results).toEqual({ avantlink: { status: 'sent' } });
  });
});

describe('recordConversion: bad input throws before anything is recorded or sent', () => {
  it('a bad order is a ValidationError naming its fields', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const bad = { orderId: '', subtotal: -1, currency: 'usd' };
    await expect(relay.recordConversion({ order: bad, attribution: attribution() })).rejects.toThrow(
      ValidationError,
    );
    await expect(relay.recordConversion({ order: bad, attribution: attribution() })).rejects.toThrow(
      /orderId.*subtotal.*currency/,
    );
    await expect(relay.recordConversion(undefined as never)).rejects.toThrow(ValidationError);
    expect([avantlink.requests, await store.list('')]).toEqual([[], []]);
  });

  it('an email as user id is refused (hash it first)', async () => {
    await expect(
      relayWith().recordConversion({ order, attribution: attribution(), user: { id: 'ann@example.com' } }),
    ).rejects.toThrow(/user\.id/);
  });

  it('an order AvantLink would refuse (an extra field overwriting a documented one) is refused now', async () => {
    const store = createMemoryStore();
    const withClash = { ...order, extra: { order_number: 'other' } };
    await expect(
      relayWith({ store }).recordConversion({ order: withClash, attribution: attribution() }),
    ).rejects.toThrow(ValidationError);
    expect(await store.list('order-1')).toEqual([]);
  });

  it('a saved attribution that is not valid is a ValidationError', async () => {
    await expect(relayWith().recordConversion({ order, attribution: '{"touches": "nope"}' })).rejects.toThrow(
      ValidationError,
    );
  });
});

describe('recordConversion: delivery', () => {
  it('a repeated order id is duplicate for every network, with no call, even while the first is pending', async () => {
    avantlink.injectFault({ type: 'delay', ms: 50 });
    const relay = relayWith();
    const first = relay.recordConversion({ order, attribution: attribution() });
    const second = await relay.recordConversion({ order, attribution: attribution([afliteTouch()]) });
    expect(second.results).toEqual({ avantlink: { status: 'duplicate' }, aflite: { status: 'duplicate' } });
    expect((await first).results.avantlink).toEqual({ status: 'sent' });
    expect(avantlink.requests).toHaveLength(1);
    expect(aflite.requests).toEqual([]);
  });

  it('a refusal (400) is failed, kept failed in the store, and never sent again', async () => {
    avantlink.injectFault({ type: 'status', status: 400, body: { error: 'bad', error_key: 'x' } });
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const { results } = await relay.recordConversion({ order, attribution: attribution() });
    expect(results.avantlink).toMatchObject({ status: 'failed', error: { name: 'HttpError', status: 400 } });
    await relay.flush();
    expect(avantlink.requests).toHaveLength(1);
    expect((await store.list('order-1'))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { status: 400 },
    });
  });

  it('a network that stays down is queued with its error, and the delivery stays pending', async () => {
    avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const store = createMemoryStore();
    const { results } = await relayWith({ store }).recordConversion({ order, attribution: attribution() });
    expect(results.avantlink).toMatchObject({ status: 'queued', error: { name: 'HttpError', status: 503 } });
    expect((await store.list('order-1'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a store that cannot record the order throws store_error and sends nothing', async () => {
    const broken: DeliveryStore = {
      ...createMemoryStore(),
      create: () => Promise.reject(new Error('db down')),
    };
    const failure = relayWith({ store: broken }).recordConversion({ order, attribution: attribution() });
    await expect(failure).rejects.toBeInstanceOf(AffiliateRelayError);
    await expect(failure).rejects.toMatchObject({ code: 'store_error' });
    expect(avantlink.requests).toEqual([]);
  });

  it('a store that cannot save the outcome still returns it, and logs the store error', async () => {
    const store = createMemoryStore();
    const flaky: DeliveryStore = { ...store, update: () => Promise.reject(new Error('db down')) };
    const { results } = await relayWith({ store: flaky }).recordConversion({
      order,
      attribution: attribution(),
    });
    expect(results.avantlink).toEqual({ status: 'sent' });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'relay-error', operation: 'store.update' }),
    );
  });

  it('logs the conversion and each delivery', async () => {
    await relayWith().recordConversion({ order, attribution: attribution() });
    expect(events).toContainEqual({
      type: 'conversion',
      orderId: 'order-1',
      reason: 'selected',
      results: { avantlink: 'sent', aflite: 'skipped' },
    });
    expect(events).toContainEqual({
      type: 'delivery',
      orderId: 'order-1',
      network: 'avantlink',
      outcome: 'sent',
      attempt: 1,
      redelivery: false,
    });
  });
});

describe('recordConversion: AvantLink’s browser context', () => {
  it('reads user agent and page from a GET request (a thank-you page), and its cookies', async () => {
    const relay = relayWith();
    const request = new Request('https://shop.test/thanks?order=1', {
      headers: { 'user-agent': BROWSER_UA },
    });
    await relay.recordConversion({ order, request, attribution: attribution() });
    expect(avantlink.orders[0]).toMatchObject({
      user_agent: BROWSER_UA,
      current_url: 'https://shop.test/thanks?order=1',
    });
  });

  it('uses the Referer of a POST (the page that posted), and the shop’s context over both', async () => {
    const relay = relayWith();
    const headers = { 'user-agent': BROWSER_UA, referer: 'https://shop.test/checkout' };
    const post = new Request('https://shop.test/api/orders', { method: 'POST', headers, body: '{}' });
    await relay.recordConversion({ order, request: post, attribution: attribution() });
    await relay.recordConversion({
      order: { ...order, orderId: 'order-2' },
      request: post,
      attribution: attribution(),
      context: { userAgent: 'UA override', currentUrl: 'https://shop.test/override' },
    });
    expect(avantlink.orders.map((body) => [body.user_agent, body.current_url])).toEqual([
      [BROWSER_UA, 'https://shop.test/checkout'],
      ['UA override', 'https://shop.test/override'],
    ]);
  });

  it('sends the IP only with forwardIp', async () => {
    const context = { clientIp: '203.0.113.7' };
    await relayWith().recordConversion({ order, attribution: attribution(), context });
    await relayWith({ forwardIp: true }).recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution(),
      context,
    });
    expect(avantlink.orders.map((body) => body.user_ip_address)).toEqual([undefined, '203.0.113.7']);
  });

  it('reads the IP of a Node request from its socket, and X-Forwarded-For behind a trusted proxy', async () => {
    const node = {
      headers: { 'user-agent': BROWSER_UA, 'x-forwarded-for': '198.51.100.9' },
      socket: { remoteAddress: '10.0.0.1' },
    };
    await relayWith({ forwardIp: true }).recordConversion({
      order,
      attribution: attribution(),
      request: node,
    });
    await relayWith({ forwardIp: true, trustProxy: true }).recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution(),
      request: node,
    });
    expect(avantlink.orders.map((body) => body.user_ip_address)).toEqual(['10.0.0.1', '198.51.100.9']);
  });

  it('sends Aflite test goals with traceOnly', async () => {
    const relay = relayWith({
      aflite: { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: 7, traceOnly: true },
    });
    const { results } = await relay.recordConversion({ order, attribution: attribution([afliteTouch()]) });
    expect(results.aflite).toEqual({ status: 'sent' });
    expect([aflite.goals.length, aflite.traces.length]).toEqual([0, 1]);
  });
});
