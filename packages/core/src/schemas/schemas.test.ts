import { describe, expect, it } from 'vitest';
import {
  AFLITE_EXPECTED_VARIABLES,
  AVANTLINK_400_BODY,
  AVANTLINK_CLICK_CURL_BODY,
  AVANTLINK_CLICK_TEMPLATE,
  AVANTLINK_ORDER_EXAMPLE,
} from '../../../../tooling/spec-examples';
import { ValidationError } from '../errors';
import { afliteGoalParamsSchema, afliteGoalQuerySchema } from './aflite';
import { avantLinkClickBodySchema, avantLinkErrorBodySchema, avantLinkOrderBodySchema } from './avantlink';
import { beaconSchema } from './beacon';
import { orderInputSchema } from './order-input';
import { parseOrThrow } from './validate';

/** Deletes one dotted path from a deep copy. */
function without(value: object, path: string): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[keys.at(-1)!];
  return copy;
}

function issuePaths(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return result.error!.issues.map((i) => i.path.map(String).join('.'));
}

const avantLinkClickCurlExample = JSON.parse(AVANTLINK_CLICK_CURL_BODY);
/** The click page's template with its empty strings filled in. */
const avantLinkClickFullExample = {
  ...AVANTLINK_CLICK_TEMPLATE,
  tracking_ids: { user_id: [], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  current_url: 'https://store.example.com/products/widget?avad=77_f3afbe121',
  referrer_url: 'https://blog.example/review',
  google_click_id: 'Cj0KCQiA',
  custom_tracking_code: 'spring-sale',
  user_ip_address: '203.0.113.7',
};
/** The order example; its products array is cut off in the public copy, so these line items are ours. */
const avantLinkOrderExample = {
  ...AVANTLINK_ORDER_EXAMPLE,
  order: {
    ...AVANTLINK_ORDER_EXAMPLE.order,
    products: [{ parent_sku: 'TENT-2P', variant_sku: 'TENT-2P-GRN', price: 100.0, qty: 1 }],
  },
};
/** Aflite's variable table, with one value picked where it offers two ("1 or 0"). */
const afliteGoalExample = { ...AFLITE_EXPECTED_VARIABLES, traceOnly: '1', help: '0' };

const withIds = {
  ...avantLinkOrderExample,
  tracking_ids: { user_id: ['u_78901'], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
};

describe('AvantLink click body (avantlink-click-tracking.txt)', () => {
  it('accepts the CURL example and the full field list', () => {
    expect(avantLinkClickBodySchema.safeParse(avantLinkClickCurlExample).success).toBe(true);
    expect(avantLinkClickBodySchema.safeParse(avantLinkClickFullExample).success).toBe(true);
  });

  it.each([
    'tracking_ids',
    'tracking_ids.user_id',
    'tracking_ids.visitor_id',
    'tracking_ids.avantlink_avad',
    'user_agent',
    'current_url',
  ])('fails without the required field %s, naming it', (field) => {
    expect(issuePaths(avantLinkClickBodySchema, without(avantLinkClickCurlExample, field))).toContain(field);
  });

  it('needs at least one tracking id, as the documented 400 says', () => {
    const blank = {
      ...avantLinkClickCurlExample,
      tracking_ids: { user_id: [], visitor_id: [], avantlink_avad: '' },
    };
    expect(issuePaths(avantLinkClickBodySchema, blank)).toEqual(['tracking_ids']);
  });

  it('takes user_id and visitor_id as arrays of strings only', () => {
    const scalar = {
      ...avantLinkClickCurlExample,
      tracking_ids: { ...avantLinkClickCurlExample.tracking_ids, user_id: 'u_78901' },
    };
    expect(issuePaths(avantLinkClickBodySchema, scalar)).toContain('tracking_ids.user_id');
  });

  it('parses the documented 400 error body', () => {
    const body = JSON.parse(AVANTLINK_400_BODY);
    expect(avantLinkErrorBodySchema.parse(body)).toEqual(body);
  });
});

describe('AvantLink order body (NETWORKS.md)', () => {
  it('accepts the example with its tracking ids filled in', () => {
    expect(avantLinkOrderBodySchema.safeParse(withIds).success).toBe(true);
  });

  it('rejects the example as published, whose tracking ids are all blank', () => {
    expect(issuePaths(avantLinkOrderBodySchema, avantLinkOrderExample)).toEqual(['tracking_ids']);
  });

  it.each([
    'order',
    'order.order_number',
    'order.order_amount_subtotal',
    'order.currency',
    'tracking_ids',
    'user_agent',
    'current_url',
  ])('fails without %s, naming it', (field) => {
    expect(issuePaths(avantLinkOrderBodySchema, without(withIds, field))).toContain(field);
  });

  it('takes amounts as JSON numbers, not strings', () => {
    const stringAmount = { ...withIds, order: { ...withIds.order, order_amount_subtotal: '100.00' } };
    expect(issuePaths(avantLinkOrderBodySchema, stringAmount)).toContain('order.order_amount_subtotal');
  });

  it('checks line items by their wire names and passes extra fields through', () => {
    const item = { parent_sku: 'TENT', price: 10, qty: 2, color: 'green' };
    const parsed = avantLinkOrderBodySchema.parse({
      ...withIds,
      order: { ...withIds.order, products: [item] },
    });
    expect(parsed.order.products).toEqual([item]);
    const noSku = { ...withIds, order: { ...withIds.order, products: [{ price: 10, qty: 2 }] } };
    expect(issuePaths(avantLinkOrderBodySchema, noSku)).toContain('order.products.0.parent_sku');
  });
});

describe('Aflite goal parameters (aflite-advanced-tracking-api.txt)', () => {
  it('accepts the example variables', () => {
    expect(afliteGoalParamsSchema.safeParse(afliteGoalExample).success).toBe(true);
    expect(afliteGoalParamsSchema.safeParse(without(afliteGoalExample, 'traceOnly')).success).toBe(true);
  });

  it.each([
    ['apikey', 'API key is missing'],
    ['mid', 'Merchant ID is missing'],
    ['clickSessionID', 'Click Session ID is missing'],
    ['goalid', 'Goal ID is missing'],
    ['mref', 'Merchant Reference is Missing'],
    ['value', 'Value is missing'],
  ])('fails without %s with “%s”', (field, message) => {
    const result = afliteGoalParamsSchema.safeParse(without(afliteGoalExample, field));
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message })]);
  });

  it.each(['£9.15', '1,000', '9.', '-5', 'ten', '1e3'])('rejects the value %s as not a number', (value) => {
    const result = afliteGoalParamsSchema.safeParse({ ...afliteGoalExample, value });
    expect(result.error?.issues[0]?.message).toBe('Value is not a number');
  });

  it.each(['9.15', '5', '0.5'])('accepts the plain number %s', (value) => {
    expect(afliteGoalParamsSchema.safeParse({ ...afliteGoalExample, value }).success).toBe(true);
  });

  it('takes traceOnly as 1 or 0 only', () => {
    expect(afliteGoalParamsSchema.safeParse({ ...afliteGoalExample, traceOnly: 'yes' }).success).toBe(false);
  });

  it('needs apikey and mref for goal retrieval', () => {
    expect(afliteGoalQuerySchema.safeParse({ apikey: 'k', mref: 'abc123' }).success).toBe(true);
    expect(issuePaths(afliteGoalQuerySchema, { apikey: 'k' })).toEqual(['mref']);
  });
});

describe('beacon', () => {
  const beacon = {
    touches: [
      {
        network: 'avantlink',
        clickId: '77_f3afbe121',
        capturedAt: 1_790_000_000_000,
        landingUrl: 'https://s.example/?avad=77_f3afbe121',
      },
    ],
    visitorId: 'vis_3f2c1a97',
    pageUrl: 'https://s.example/?avad=77_f3afbe121',
    referrer: '',
  };

  it('accepts what the browser script sends', () => {
    expect(beaconSchema.safeParse(beacon).success).toBe(true);
  });

  it.each([
    'touches',
    'visitorId',
    'pageUrl',
    'touches.0.network',
    'touches.0.clickId',
    'touches.0.capturedAt',
  ])('fails without %s, naming it', (field) => {
    expect(issuePaths(beaconSchema, without(beacon, field))).toContain(field);
  });

  it('rejects hostile touches', () => {
    const hostile = (clickId: string) => ({ ...beacon, touches: [{ ...beacon.touches[0], clickId }] });
    expect(issuePaths(beaconSchema, hostile('x'.repeat(513)))).toContain('touches.0.clickId');
    expect(issuePaths(beaconSchema, hostile('a\nb'))).toContain('touches.0.clickId');
    expect(issuePaths(beaconSchema, { ...beacon, touches: [] })).toContain('touches');
    expect(issuePaths(beaconSchema, { ...beacon, pageUrl: 'javascript:alert(1)' })).toContain('pageUrl');
    expect(issuePaths(beaconSchema, { ...beacon, visitorId: '<b>' })).toContain('visitorId');
  });
});

describe('order input', () => {
  const order = {
    orderId: '12345',
    subtotal: 100,
    currency: 'USD',
    couponCodes: ['free-shipping'],
    customer: { newCustomer: false, country: 'USA', state: 'UT' },
    items: [{ parentSku: 'TENT-2P', variantSku: 'TENT-2P-GRN', price: 100, quantity: 1 }],
  };

  it('accepts a full order', () => {
    expect(orderInputSchema.safeParse(order).success).toBe(true);
  });

  it.each(['orderId', 'subtotal', 'currency', 'items.0.parentSku', 'items.0.price', 'items.0.quantity'])(
    'fails without %s, naming it',
    (field) => {
      expect(issuePaths(orderInputSchema, without(order, field))).toContain(field);
    },
  );

  it('says what to send: an amount in the major unit, a whole quantity, an ISO currency, an order id', () => {
    const messages = (value: unknown) =>
      (orderInputSchema.safeParse(value).error?.issues ?? []).map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      );
    const amount = "must be a number ≥ 0 in the currency's major unit, e.g. 19.99 (not cents, not a string)";
    expect(messages({ ...order, subtotal: '19,99' })).toEqual([`subtotal: ${amount}`]);
    expect(messages({ ...order, subtotal: -1 })).toEqual([`subtotal: ${amount}`]);
    expect(messages({ ...order, currency: 'usd' })).toEqual([
      'currency: must be an ISO 4217 code in capitals, such as USD or GBP',
    ]);
    expect(messages({ ...order, orderId: '' })).toEqual([
      "orderId: must be your order's own id, 1 to 128 characters, unique per order",
    ]);
    expect(messages({ ...order, items: [{ parentSku: 'T-1', price: 5, quantity: 1.5 }] })).toEqual([
      'items.0.quantity: must be a whole number ≥ 1, e.g. 2',
    ]);
  });

  it('rejects negative, infinite and string amounts and lower-case currencies', () => {
    expect(issuePaths(orderInputSchema, { ...order, subtotal: -1 })).toContain('subtotal');
    expect(issuePaths(orderInputSchema, { ...order, subtotal: Number.POSITIVE_INFINITY })).toContain(
      'subtotal',
    );
    expect(issuePaths(orderInputSchema, { ...order, subtotal: '100' })).toContain('subtotal');
    expect(issuePaths(orderInputSchema, { ...order, currency: 'usd' })).toContain('currency');
  });

  it('rejects control characters (NUL above all) in its text fields', () => {
    expect(issuePaths(orderInputSchema, { ...order, orderId: 'A-1\u0000' })).toEqual(['orderId']);
    expect(issuePaths(orderInputSchema, { ...order, couponCodes: ['SAVE\n10'] })).toEqual(['couponCodes.0']);
    const items = [{ ...order.items[0], parentSku: 'TENT\u0007' }];
    expect(issuePaths(orderInputSchema, { ...order, items })).toEqual(['items.0.parentSku']);
  });

  it('parseOrThrow throws a ValidationError naming every field', () => {
    expect(() => parseOrThrow(orderInputSchema, { currency: 'USD' }, 'order')).toThrow(ValidationError);
    try {
      parseOrThrow(orderInputSchema, { currency: 'USD' }, 'order');
    } catch (error) {
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['orderId', 'subtotal']);
      expect((error as Error).message).toMatch(/^order is invalid: orderId: .*; subtotal: /);
    }
  });
});
