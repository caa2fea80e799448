import { AffiliateRelayError } from '@affiliate-relay/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { attribution, order, useConversionSetup } from '../../../test/fixtures/conversion';
import { afliteTouch, BROWSER_UA } from '../../../test/fixtures/relay';
import type { DeliveryStore } from '../../delivery/contract';
import { createMemoryStore } from '../../delivery/memory-store';

const { avantlink, aflite, events, relayWith } = useConversionSetup();

describe('recordConversion: delivery', () => {
  it('a repeated order id is duplicate for the network that received it, skipped for the other, with no call, even while the first is pending', async () => {
    avantlink.injectFault({ type: 'delay', ms: 50 });
    const relay = relayWith();
    const first = relay.recordConversion({ order, attribution: attribution() });
    const second = await relay.recordConversion({ order, attribution: attribution([afliteTouch()]) });
    expect(second.results).toEqual({
      avantlink: { status: 'duplicate' },
      aflite: { status: 'skipped', reason: 'recorded-before' },
    });
    expect((await first).results.avantlink).toEqual({ status: 'sent' });
    expect(events.filter((event) => event.type === 'warning')).toEqual([]);
    expect(avantlink.requests).toHaveLength(1);
    expect(aflite.requests).toEqual([]);
  });

  it('a repeated order id with another subtotal or currency is a repeated-order warning naming both, and still duplicate', async () => {
    const relay = relayWith();
    await relay.recordConversion({ order, attribution: attribution() });
    const changed = await relay.recordConversion({
      order: { ...order, subtotal: order.subtotal + 5 },
      attribution: attribution(),
    });
    expect(changed.results.avantlink).toEqual({ status: 'duplicate' });
    const otherCurrency = await relay.recordConversion({
      order: { ...order, currency: 'EUR' },
      attribution: attribution(),
    });
    expect(otherCurrency.results.avantlink).toEqual({ status: 'duplicate' });
    const said = events.filter((event) => event.type === 'warning');
    expect(said).toEqual([
      {
        type: 'warning',
        code: 'repeated-order',
        message: expect.stringContaining(
          `Order ${order.orderId} was recorded before with ${order.subtotal} ${order.currency}, and now comes with ${order.subtotal + 5} ${order.currency}`,
        ),
      },
      {
        type: 'warning',
        code: 'repeated-order',
        message: expect.stringContaining(`now comes with ${order.subtotal} EUR`),
      },
    ]);
    expect(avantlink.requests).toHaveLength(1);
  });

  it('a refusal (400) is failed, kept failed in the store, and never sent again', async () => {
    avantlink.injectFault({ type: 'status', status: 400, body: { error: 'bad', error_key: 'x' } });
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const { results } = await relay.recordConversion({ order, attribution: attribution() });
    expect(results.avantlink).toMatchObject({ status: 'failed', error: { name: 'HttpError', status: 400 } });
    await relay.flush();
    expect(avantlink.requests).toHaveLength(1);
    expect((await store.list('order', 'order-1'))[0]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { status: 400 },
    });
  });

  it('a network that stays down is pending: one name in the result, the events, the store and status()', async () => {
    avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const { results } = await relay.recordConversion({ order, attribution: attribution() });
    expect(results.avantlink).toMatchObject({ status: 'pending', error: { name: 'HttpError', status: 503 } });
    const delivery = events.find((event) => event.type === 'delivery');
    expect(delivery).toMatchObject({ network: 'avantlink', outcome: 'pending' });
    // The event names its error's type, as the result does.
    if (delivery?.type === 'delivery')
      expectTypeOf(delivery.error).toEqualTypeOf<AffiliateRelayError | undefined>();
    expect(delivery?.type === 'delivery' && delivery.error).toBeInstanceOf(AffiliateRelayError);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'conversion', results: { avantlink: 'pending', aflite: 'skipped' } }),
    );
    expect((await store.list('order', 'order-1'))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await relay.status()).toMatchObject({ pending: 1, failed: 0 });
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
      socket: { remoteAddress: '203.0.113.50' },
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
    expect(avantlink.orders.map((body) => body.user_ip_address)).toEqual(['203.0.113.50', '198.51.100.9']);
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
