import { AVANTLINK_LINE_ITEM_FIELDS, AVANTLINK_PRODUCTS_FIELD, ValidationError } from '@affiliate-relay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AVANTLINK_CLICK_CURL_BODY,
  AVANTLINK_CLICK_TEMPLATE,
  AVANTLINK_ORDER_EXAMPLE,
} from '../../../../../tooling/spec-examples';
import { keyPaths } from '../../../test/fixtures/key-paths';
import { validationIssues } from '../../../test/fixtures/validation-issues';
import { loadSchemas } from '../../lazy-schemas';
import { hashIdentifier } from '../hash-identifier';
import { toClickBody, toOrderBody } from './body';
import type { AvantLinkClickInput } from './types';

// These builders are synchronous: the async entry points load the schemas before calling them.
beforeAll(async () => {
  await loadSchemas();
});

const FULL_CLICK: AvantLinkClickInput = {
  avad: '77_f3afbe121',
  userIds: ['u_78901'],
  visitorIds: ['vis_3f2c1a97'],
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)...',
  currentUrl: 'https://store.example.com/products/widget?avad=77_f3afbe121',
  referrerUrl: 'https://affiliate.example/blog',
  googleClickId: 'Cj0KCQ',
  customTrackingCode: 'spring-sale',
  userIpAddress: '203.0.113.7',
};

describe('toClickBody (avantlink-click-tracking.txt)', () => {
  it('gives the CURL example body byte for byte (modulo whitespace)', () => {
    const body = toClickBody({
      userIds: ['u_78901'],
      visitorIds: ['vis_3f2c1a97'],
      avad: '77_f3afbe121',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)...',
      currentUrl: 'https://store.example.com/products/widget?avad=77_f3afbe121',
    });
    expect(JSON.stringify(body)).toBe(JSON.stringify(JSON.parse(AVANTLINK_CLICK_CURL_BODY)));
  });

  it('fills every field of the payload template, in its order, and nothing else', () => {
    const body = toClickBody(FULL_CLICK);
    expect(keyPaths(body)).toEqual(keyPaths(AVANTLINK_CLICK_TEMPLATE));
    expect(Object.keys(body)).toEqual(Object.keys(AVANTLINK_CLICK_TEMPLATE));
    expect(body).toEqual({
      tracking_ids: { user_id: ['u_78901'], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
      user_agent: FULL_CLICK.userAgent,
      current_url: FULL_CLICK.currentUrl,
      referrer_url: 'https://affiliate.example/blog',
      google_click_id: 'Cj0KCQ',
      custom_tracking_code: 'spring-sale',
      user_ip_address: '203.0.113.7',
    });
  });

  it('sends user_id and visitor_id as arrays of strings, [] when none', () => {
    const body = toClickBody({ avad: 'a', userAgent: 'UA', currentUrl: 'https://s/' });
    expect(body.tracking_ids).toEqual({ user_id: [], visitor_id: [], avantlink_avad: 'a' });
  });

  it('sends avantlink_avad exactly as received: no trimming, decoding or case change', () => {
    for (const avad of [' 77_F3afBE121 ', '77%5Fx', 'a+b/c=', 'ÄÖ_ü']) {
      expect(
        toClickBody({ avad, userAgent: 'UA', currentUrl: 'https://s/' }).tracking_ids.avantlink_avad,
      ).toBe(avad);
    }
  });

  it("sends avantlink_avad as '' when none was received (the field is required)", () => {
    expect(
      toClickBody({ visitorIds: ['v1'], userAgent: 'UA', currentUrl: 'https://s/' }).tracking_ids
        .avantlink_avad,
    ).toBe('');
  });

  it('leaves out optional fields that are absent or empty, and empty ids', () => {
    const body = toClickBody({
      userIds: ['', 'u1'],
      avad: '',
      userAgent: 'UA',
      currentUrl: 'https://s/',
      referrerUrl: '',
      googleClickId: undefined,
      customTrackingCode: '',
      userIpAddress: '',
    });
    expect(body).toEqual({
      tracking_ids: { user_id: ['u1'], visitor_id: [], avantlink_avad: '' },
      user_agent: 'UA',
      current_url: 'https://s/',
    });
  });

  it('names each missing required field', () => {
    const issues = validationIssues(() => toClickBody({ avad: 'a' } as AvantLinkClickInput));
    expect(issues.map((i) => i.path)).toEqual(['user_agent', 'current_url']);
  });

  it('requires at least one tracking id (AvantLink would answer 400 tracking_ids.blank)', () => {
    const issues = validationIssues(() =>
      toClickBody({ userIds: [''], userAgent: 'UA', currentUrl: 'https://s/' }),
    );
    expect(issues).toEqual([
      { path: 'tracking_ids', message: expect.stringContaining('at least one tracking id') },
    ]);
  });

  it('rejects ids of the wrong type', () => {
    const issues = validationIssues(() =>
      toClickBody({
        userIds: [42],
        visitorIds: 'v',
        userAgent: 'UA',
        currentUrl: 'u',
      } as unknown as AvantLinkClickInput),
    );
    expect(issues.map((i) => i.path)).toEqual(['tracking_ids.user_id.0', 'tracking_ids.visitor_id']);
  });

  it('rejects raw email addresses as ids (personal data) and accepts their hash', async () => {
    const issues = validationIssues(() =>
      toClickBody({
        userIds: ['ann@example.com'],
        visitorIds: ['v', 'Bob@Example.org'],
        userAgent: 'UA',
        currentUrl: 'u',
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['tracking_ids.user_id.0', 'tracking_ids.visitor_id.1']);
    expect(issues[0]?.message).toContain('hashIdentifier');
    const hashed = await hashIdentifier('ann@example.com');
    expect(toClickBody({ userIds: [hashed], userAgent: 'UA', currentUrl: 'u' }).tracking_ids.user_id).toEqual(
      [hashed],
    );
  });

  it('rejects an email address as custom_tracking_code', () => {
    const issues = validationIssues(() =>
      toClickBody({ avad: 'a', customTrackingCode: 'x@y.io', userAgent: 'UA', currentUrl: 'u' }),
    );
    expect(issues.map((i) => i.path)).toEqual(['custom_tracking_code']);
  });

  it('rejects a missing input object with a ValidationError, not a TypeError', () => {
    expect(() => toClickBody(undefined as unknown as AvantLinkClickInput)).toThrow(ValidationError);
  });
});

describe('toOrderBody (NETWORKS.md, AvantLink order)', () => {
  const exampleInput = {
    avad: '77_f3afbe121',
    userAgent: 'Mozilla/5.0 (...)',
    currentUrl: 'http://google.com',
    referrerUrl: 'https://google.com',
    userIpAddress: '127.0.0.1',
    order: {
      orderId: '12345',
      subtotal: 100.0,
      currency: 'USD',
      couponCodes: ['free-shipping'],
      customer: { newCustomer: false, country: 'USA', region: '', state: 'UT' },
    },
  };

  it('matches the example body field for field (empty optionals left out)', () => {
    const body = toOrderBody(exampleInput);
    const { order, ...top } = AVANTLINK_ORDER_EXAMPLE;
    expect(body).toEqual({
      ...top,
      tracking_ids: { user_id: [], visitor_id: [], avantlink_avad: '77_f3afbe121' },
      google_click_id: undefined,
      custom_tracking_code: undefined,
      order: { ...order, customer: { new_customer: false, country: 'USA', state: 'UT' } },
    });
    expect(JSON.stringify(body)).not.toContain('google_click_id');
  });

  it('uses the example names for every order field', () => {
    const body = toOrderBody({
      ...exampleInput,
      order: { ...exampleInput.order, customer: { ...exampleInput.order.customer, region: 'West' } },
    });
    expect(keyPaths(body.order)).toEqual(keyPaths(AVANTLINK_ORDER_EXAMPLE.order));
  });

  it('sends amounts as JSON numbers and order_number as a string', () => {
    const body = toOrderBody({
      visitorIds: ['v'],
      order: { orderId: '7', subtotal: 19.99, currency: 'EUR' },
    });
    expect(JSON.stringify(body.order)).toBe(
      '{"order_number":"7","order_amount_subtotal":19.99,"currency":"EUR"}',
    );
  });

  it("sends user_agent and current_url as '' when unknown (an order confirmed in a webhook)", () => {
    const body = toOrderBody({ avad: 'a', order: { orderId: '1', subtotal: 1, currency: 'USD' } });
    expect(body.user_agent).toBe('');
    expect(body.current_url).toBe('');
  });

  it("maps line items through core's wire names, passing extra fields through", () => {
    const body = toOrderBody({
      avad: 'a',
      order: {
        orderId: '1',
        subtotal: 130,
        currency: 'USD',
        items: [
          { parentSku: 'TENT', variantSku: 'TENT-GRN', price: 100, quantity: 1, color: 'green' },
          { parentSku: 'PEG', price: 15, quantity: 2 },
        ],
      },
    });
    const F = AVANTLINK_LINE_ITEM_FIELDS;
    expect((body.order as Record<string, unknown>)[AVANTLINK_PRODUCTS_FIELD]).toEqual([
      { [F.parentSku]: 'TENT', [F.variantSku]: 'TENT-GRN', [F.price]: 100, [F.quantity]: 1, color: 'green' },
      { [F.parentSku]: 'PEG', [F.price]: 15, [F.quantity]: 2 },
    ]);
    expect(body.order).toHaveProperty('products.0.parent_sku', 'TENT');
    expect(body.order).toHaveProperty('products.0.qty', 1);
  });

  it('passes extra order fields through verbatim', () => {
    const body = toOrderBody({
      avad: 'a',
      order: {
        orderId: '1',
        subtotal: 1,
        currency: 'USD',
        extra: { order_amount_tax: 0.08, channel: 'web' },
      },
    });
    expect(body.order).toMatchObject({ order_amount_tax: 0.08, channel: 'web', order_number: '1' });
  });

  it('refuses extra fields that would overwrite documented ones', () => {
    const issues = validationIssues(() =>
      toOrderBody({
        avad: 'a',
        order: {
          orderId: '1',
          subtotal: 1,
          currency: 'USD',
          extra: { order_number: '2' },
          items: [{ parentSku: 'A', price: 1, quantity: 1, qty: 5 }],
        },
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['order.extra.order_number', 'order.items.0.qty']);
  });

  it('names each invalid order field in camelCase (the input the caller gave)', () => {
    const issues = validationIssues(() =>
      toOrderBody({ avad: 'a', order: { orderId: '', subtotal: -1, currency: 'usd' } }),
    );
    expect(issues.map((i) => i.path)).toEqual(['orderId', 'subtotal', 'currency']);
  });

  it('leaves out empty coupon codes and an empty customer', () => {
    const body = toOrderBody({
      avad: 'a',
      order: { orderId: '1', subtotal: 1, currency: 'USD', couponCodes: [], customer: {} },
    });
    expect(body.order).toEqual({ order_number: '1', order_amount_subtotal: 1, currency: 'USD' });
  });

  it('requires a tracking id for orders too', () => {
    expect(() => toOrderBody({ order: { orderId: '1', subtotal: 1, currency: 'USD' } })).toThrow(
      ValidationError,
    );
  });
});
