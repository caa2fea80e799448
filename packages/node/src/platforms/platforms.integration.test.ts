import { HANDOFF_NAMES } from '@affiliate-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, BROWSER_UA, SECRET, VISITOR_ID } from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import { createRelay, type Relay } from '../relay/create-relay';
import { orderFromPayPalCapture } from './paypal';
import { orderFromShopifyOrder } from './shopify';
import { orderFromStripeSession } from './stripe';

/*
 * The platforms' payloads (shaped as their webhook documentation shows them) → the relay's order input →
 * what the testkit's fake networks received: AvantLink's subtotal and line items, Aflite's plain-number `value`.
 */

const net = useFakeNetworks();
const opened: Relay[] = [];
afterEach(async () => {
  for (const relay of opened.splice(0)) await relay.close();
});

function relay(): Relay {
  const made = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret: SECRET },
    store: createMemoryStore(),
  });
  opened.push(made);
  return made;
}

const attribution = (network: 'avantlink' | 'aflite') => ({
  visitorId: VISITOR_ID,
  touches: [network === 'avantlink' ? avantlinkTouch() : afliteTouch()],
  source: 'server-cookie' as const,
  userAgent: BROWSER_UA,
});

const stripeSession = (handoff: string | null) => ({
  id: 'cs_test_a1B2c3D4e5F6g7H8i9J0',
  object: 'checkout.session',
  client_reference_id: handoff,
  currency: 'usd',
  amount_subtotal: 12_998,
  amount_total: 12_113,
  total_details: { amount_discount: 1_300, amount_shipping: 0, amount_tax: 415 },
  payment_status: 'paid',
  status: 'complete',
  line_items: {
    object: 'list',
    data: [
      {
        quantity: 2,
        amount_subtotal: 9_998,
        price: { id: 'price_1', product: 'prod_TENT2', unit_amount: 4_999 },
      },
      {
        quantity: 1,
        amount_subtotal: 3_000,
        price: { id: 'price_2', product: { id: 'prod_STAKES' }, unit_amount: 3_000 },
      },
    ],
  },
});

const shopifyOrder = (attributes: { name: string; value: string }[]) => ({
  id: 820_982_911_946_154_500,
  name: '#9999',
  currency: 'USD',
  subtotal_price: '398.00',
  total_price: '409.94',
  total_tax: '11.94',
  checkout_token: 'bd5a8aa1ecd019dd3520ff791ee3a24c',
  discount_codes: [{ code: 'TENTSALE', amount: '10.00', type: 'fixed_amount' }],
  note_attributes: attributes,
  line_items: [
    { id: 1, sku: 'TENT-2P', product_id: 632_910_392, variant_id: 808_950_810, price: '199.00', quantity: 2 },
    { id: 2, sku: '', product_id: 632_910_393, variant_id: null, price: '10.00', quantity: 1 },
  ],
});

describe('orderFromStripeSession', () => {
  it('gives the subtotal less discounts in the major unit, the products, and the hand-off', () => {
    expect(orderFromStripeSession(stripeSession('ar1tok'))).toEqual({
      order: {
        orderId: 'cs_test_a1B2c3D4e5F6g7H8i9J0',
        subtotal: 116.98,
        currency: 'USD',
        items: [
          { parentSku: 'prod_TENT2', price: 49.99, quantity: 2 },
          { parentSku: 'prod_STAKES', price: 30, quantity: 1 },
        ],
      },
      handoff: 'ar1tok',
    });
  });

  it('counts zero-decimal currencies as Stripe does, and refuses an unpaid session', () => {
    const yen = {
      ...stripeSession(null),
      currency: 'jpy',
      amount_subtotal: 5000,
      total_details: null,
      line_items: null,
    };
    expect(orderFromStripeSession(yen)).toEqual({
      order: { orderId: yen.id, subtotal: 5000, currency: 'JPY' },
      handoff: null,
    });
    expect(() => orderFromStripeSession({ ...yen, payment_status: 'unpaid' })).toThrow(
      /async_payment_succeeded/,
    );
    expect(() => orderFromStripeSession({ ...yen, amount_subtotal: 12.5 })).toThrow(/amount_subtotal/);
  });
});

describe('orderFromShopifyOrder', () => {
  it('gives subtotal_price, the discount codes, the line items and the hand-off from note_attributes', () => {
    const given = shopifyOrder([
      { name: 'gift_note', value: 'hi' },
      { name: HANDOFF_NAMES.cartAttribute, value: 'ar1tok' },
    ]);
    expect(orderFromShopifyOrder(given)).toEqual({
      order: {
        orderId: '820982911946154500',
        subtotal: 398,
        currency: 'USD',
        couponCodes: ['TENTSALE'],
        items: [
          { parentSku: 'TENT-2P', variantSku: '808950810', price: 199, quantity: 2 },
          { parentSku: '632910393', price: 10, quantity: 1 },
        ],
      },
      handoff: 'ar1tok',
      checkoutToken: 'bd5a8aa1ecd019dd3520ff791ee3a24c',
    });
  });

  it('says null when the cart lost its attributes, and refuses an amount that is no plain decimal', () => {
    expect(orderFromShopifyOrder(shopifyOrder([])).handoff).toBe(null);
    expect(() => orderFromShopifyOrder({ ...shopifyOrder([]), subtotal_price: '$1,000' })).toThrow(
      /plain decimal/,
    );
  });
});

describe('orderFromPayPalCapture', () => {
  const capture = {
    id: '2GG279541U471931P',
    status: 'COMPLETED',
    amount: { currency_code: 'USD', value: '54.30' },
    custom_id: 'ar1tok',
    invoice_id: 'INV-1001',
    supplementary_data: { related_ids: { order_id: '5O190127TN364715T' } },
  };
  const purchaseUnit = {
    amount: {
      currency_code: 'USD',
      value: '54.30',
      breakdown: {
        item_total: { currency_code: 'USD', value: '50.00' },
        discount: { currency_code: 'USD', value: '5.00' },
      },
    },
    items: [
      { sku: 'MUG-1', name: 'Mug', unit_amount: { currency_code: 'USD', value: '25.00' }, quantity: '2' },
    ],
  };

  it('gives item_total less discount (never the captured amount with tax and shipping), the items and custom_id', () => {
    expect(orderFromPayPalCapture(capture, { purchaseUnit })).toEqual({
      order: {
        orderId: 'INV-1001',
        subtotal: 45,
        currency: 'USD',
        items: [{ parentSku: 'MUG-1', price: 25, quantity: 2 }],
      },
      handoff: 'ar1tok',
    });
    expect(orderFromPayPalCapture(capture, { subtotal: 40 }).order.subtotal).toBe(40);
    expect(() => orderFromPayPalCapture(capture)).toThrow(/includes tax and shipping/);
    expect(() => orderFromPayPalCapture({ ...capture, status: 'PENDING' }, { subtotal: 1 })).toThrow(
      /COMPLETED/,
    );
  });
});

describe('through the relay to the network that earned it', () => {
  it('a Stripe session reaches AvantLink with its subtotal and products', async () => {
    const shop = relay();
    const handoff = await shop.createHandoff(attribution('avantlink'));
    const { order, handoff: carried } = orderFromStripeSession(stripeSession(handoff));
    const result = await shop.recordConversion({ order, handoff: carried });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    const sent = net.avantlink.orders[0]!.order as Record<string, unknown>;
    expect(sent).toMatchObject({
      order_number: order.orderId,
      order_amount_subtotal: 116.98,
      currency: 'USD',
    });
    expect(sent.products).toEqual([
      { parent_sku: 'prod_TENT2', price: 49.99, qty: 2 },
      { parent_sku: 'prod_STAKES', price: 30, qty: 1 },
    ]);
  });

  it('a Shopify order and a PayPal capture reach Aflite with a plain-number value', async () => {
    const shop = relay();
    const shopify = orderFromShopifyOrder(
      shopifyOrder([
        { name: HANDOFF_NAMES.cartAttribute, value: await shop.createHandoff(attribution('aflite')) },
      ]),
    );
    expect((await shop.recordConversion(shopify)).results.aflite).toEqual({ status: 'sent' });
    const paypal = orderFromPayPalCapture(
      {
        id: 'CAP-1',
        status: 'COMPLETED',
        amount: { currency_code: 'GBP', value: '12.00' },
        custom_id: await shop.createHandoff(attribution('aflite')),
      },
      { subtotal: 9.15 },
    );
    expect((await shop.recordConversion(paypal)).results.aflite).toEqual({ status: 'sent' });
    expect(net.aflite.goals.map((goal) => [goal.mref, goal.value])).toEqual([
      ['820982911946154500', '398.00'],
      ['CAP-1', '9.15'],
    ]);
    expect(net.avantlink.orders).toEqual([]);
  });
});
