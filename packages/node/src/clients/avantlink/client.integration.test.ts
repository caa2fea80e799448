import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AVANTLINK_CLICK_CURL_BODY, AVANTLINK_REQUIRED_HEADERS } from '../../../../../tooling/spec-examples';
import { recordedRetry } from '../../../test/fixtures/recording';
import { AvantLinkClient } from './client';

const MERCHANT = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
let avantlink: FakeAvantLinkServer;
let client: AvantLinkClient;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT });
  client = new AvantLinkClient({
    merchantId: MERCHANT,
    baseUrl: avantlink.url,
    retry: recordedRetry().retry,
  });
});
afterEach(() => avantlink.reset());
afterAll(() => avantlink.close());

describe('AvantLinkClient against the fake AvantLink server', () => {
  it('delivers a click exactly as the page specifies', async () => {
    const click = JSON.parse(AVANTLINK_CLICK_CURL_BODY);
    await client.trackClick({
      userIds: click.tracking_ids.user_id,
      visitorIds: click.tracking_ids.visitor_id,
      avad: click.tracking_ids.avantlink_avad,
      userAgent: click.user_agent,
      currentUrl: click.current_url,
    });
    expect(avantlink.requests).toHaveLength(1);
    const [request] = avantlink.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/merchants/${MERCHANT}/tracking/click`,
      status: 200,
    });
    expect(request?.headers).toMatchObject({
      ...AVANTLINK_REQUIRED_HEADERS,
      'user-agent': expect.stringMatching(/^affiliate-relay-node\//),
    });
    expect(request?.response).toEqual({ success: true });
    expect(avantlink.clicks).toEqual([click]);
  });

  it('delivers an order with its line items', async () => {
    await client.trackOrder({
      avad: '77_f3afbe121',
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0',
      currentUrl: 'https://store.example.com/checkout/thanks',
      userIpAddress: '203.0.113.7',
      order: {
        orderId: '12345',
        subtotal: 100,
        currency: 'USD',
        couponCodes: ['free-shipping'],
        customer: { newCustomer: false, country: 'USA', state: 'UT' },
        items: [{ parentSku: 'TENT', variantSku: 'TENT-GRN', price: 100, quantity: 1 }],
      },
    });
    expect(avantlink.orders).toEqual([
      {
        tracking_ids: { user_id: [], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
        user_agent: 'Mozilla/5.0',
        current_url: 'https://store.example.com/checkout/thanks',
        user_ip_address: '203.0.113.7',
        order: {
          order_number: '12345',
          order_amount_subtotal: 100,
          currency: 'USD',
          coupon_codes: ['free-shipping'],
          customer: { new_customer: false, country: 'USA', state: 'UT' },
          products: [{ parent_sku: 'TENT', variant_sku: 'TENT-GRN', price: 100, qty: 1 }],
        },
      },
    ]);
  });

  it('retries through 503s and a dropped connection; the order is held once', async () => {
    avantlink.injectFault({ type: 'status', status: 503 });
    avantlink.injectFault({ type: 'drop' });
    const result = await client.trackOrder({
      avad: 'a',
      order: { orderId: '9', subtotal: 5, currency: 'USD' },
    });
    expect(result).toEqual({ status: 200, attempts: 3 });
    await client.trackOrder({ avad: 'a', order: { orderId: '9', subtotal: 5, currency: 'USD' } });
    expect(avantlink.requests.map((r) => r.status)).toEqual([503, 0, 200, 200]);
    expect(avantlink.orders).toHaveLength(1);
  });

  it('gets a 404 HttpError, not retried, from a merchant the fake does not know', async () => {
    const other = new AvantLinkClient({
      merchantId: '00000000-0000-4000-8000-000000000000',
      baseUrl: avantlink.url,
    });
    await expect(
      other.trackClick({ avad: 'a', userAgent: 'UA', currentUrl: 'https://s/' }),
    ).rejects.toMatchObject({
      name: 'HttpError',
      status: 404,
    });
    expect(avantlink.requests).toHaveLength(1);
  });
});
