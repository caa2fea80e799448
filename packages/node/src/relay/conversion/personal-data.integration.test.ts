import { ValidationError } from '@affiliate-relay/core';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { avantlinkTouch, BROWSER_UA, FAST_RETRY, MERCHANT_ID, SECRET } from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';
import { createRelay, type Relay } from '../create-relay';

/*
 * DESIGN: "No personal data goes to a network unhashed." A shop's thank-you URL or an extra order
 * field may carry the shopper's email; none of it may reach AvantLink (the testkit's fake, real HTTP).
 */

let avantlink: FakeAvantLinkServer;
const relays: Relay[] = [];

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  avantlink.reset();
});
afterAll(() => avantlink.close());

function relayWith(store = createMemoryStore()) {
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET },
    store,
  });
  relays.push(relay);
  return relay;
}

const attribution = { touches: [avantlinkTouch()], source: 'server-cookie' as const };
const rawBodies = () => avantlink.requests.map((request) => request.rawBody).join('\n');

describe('personal data toward AvantLink', () => {
  it('removes email parameters from the page URLs and still sends the order', async () => {
    const request = new Request('https://shop.test/checkout/thanks?order=1001&email=ann%40example.com', {
      headers: { 'user-agent': BROWSER_UA, referer: 'https://shop.test/checkout?email=ann@example.com' },
    });
    const { results } = await relayWith().recordConversion({
      order: { orderId: '1001', subtotal: 10, currency: 'USD' },
      attribution,
      request,
    });
    expect(results.avantlink).toEqual({ status: 'sent' });
    expect(avantlink.orders.map((order) => order.current_url)).toEqual([
      'https://shop.test/checkout/thanks?order=1001',
    ]);
    expect(rawBodies()).not.toMatch(/ann(@|%40)example\.com/);
  });

  it('refuses an email in an extra order or line-item field, naming it, before anything is recorded or sent', async () => {
    const store = createMemoryStore();
    const failure = relayWith(store).recordConversion({
      order: {
        orderId: '1002',
        subtotal: 10,
        currency: 'USD',
        extra: { customer_email: 'ann@example.com' },
        items: [{ parentSku: 'TENT', price: 10, quantity: 1, gift_to: 'Bob <bob@example.org>' }],
      },
      attribution,
    });
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    const issues = ((await failure.catch((error: unknown) => error)) as ValidationError).issues;
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'order.extra.customer_email',
      'order.items.0.gift_to',
    ]);
    expect(avantlink.requests).toEqual([]);
    expect(await store.list('order', '1002')).toEqual([]);
  });
});
