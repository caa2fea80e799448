import type { NetworkId } from '@affiliate-relay/core';
import type { OrderInput } from '@affiliate-relay/core/schemas';
import type { ConversionResult } from '@affiliate-relay/node';
import type { Exchange } from '../http/router';
import { type ConversionSummary, linesOf, type Order } from '../orders';
import { toPlain } from '../qa/activity-log';
import { type Cart, priceCart } from './cart';
import { consentOf } from './consent';

const COUNTRIES = new Set(['USA', 'CAN', 'GBR']);

/**
 * Creates the order and reports it: `recordConversion` picks the network that earned it and calls
 * it (or queues it when the network is down). The result is stored with the order, so the
 * thank-you page only shows it.
 *
 * @example
 * const order = await placeOrder(exchange, cart, form);
 */
export async function placeOrder(exchange: Exchange, cart: Cart, form: URLSearchParams): Promise<Order> {
  const { app } = exchange;
  const { order, input, attribution } = await draftOrder(exchange, cart, form);
  try {
    const result = await app.relay.recordConversion({
      order: input,
      request: exchange.request,
      // Without consent no click may be read: the order is recorded as coming from no affiliate.
      ...(attribution ? { attribution } : { attribution: { touches: [], source: 'none' } }),
    });
    order.conversion = summarize(result);
  } catch (error) {
    order.conversion = {
      reason: 'error',
      explanation: `The relay could not record this order: ${(error as Error).message}`,
      results: {},
      raw: toPlain(error),
    };
  }
  app.orders.add(order);
  app.activity.changed();
  return order;
}

/**
 * The order of a cart and its input for `recordConversion`, not yet recorded; the attribution when the visitor
 * consented (else undefined: no click may be read).
 *
 * @example
 * const { order, input } = await draftOrder(exchange, cart, form);
 */
export async function draftOrder(exchange: Exchange, cart: Cart, form: URLSearchParams) {
  const { app } = exchange;
  const pricing = priceCart(cart, form.get('coupon') ?? undefined);
  const consent = consentOf(exchange.cookies);
  // With the banner, the cookies themselves say it: the script stores, and the relay signs, only once the shopper
  // accepted, and a rejection removes them (ar_attr through the withdrawal beacon).
  const attribution = consent !== 'pending' ? await app.relay.attributionFrom(exchange.request) : undefined;
  const visitorId = attribution?.visitorId;
  const country = form.get('country') ?? '';
  const customer = {
    country: COUNTRIES.has(country) ? country : 'USA',
    state: (form.get('state') ?? '').trim().slice(0, 32),
    newCustomer: !app.orders.hasOrdered(visitorId),
  };
  const order: Order = {
    id: app.orders.nextId(),
    createdAt: Date.now(),
    lines: linesOf(cart),
    pricing,
    currency: 'USD',
    customer,
    visitorId,
    conversion: { reason: 'error', explanation: '', results: {} },
  };
  const input: OrderInput = {
    orderId: order.id,
    subtotal: pricing.subtotal,
    currency: order.currency,
    ...(pricing.couponCode ? { couponCodes: [pricing.couponCode] } : {}),
    customer,
    items: order.lines.map((line) => ({
      parentSku: line.parentSku,
      variantSku: line.variantSku,
      price: line.price,
      quantity: line.quantity,
    })),
  };
  return { order, input, attribution };
}

/** What the order's page and the QA console show of a conversion's result. */
export function summarize(result: ConversionResult): ConversionSummary {
  const results: Partial<Record<NetworkId, string>> = {};
  for (const [network, outcome] of Object.entries(result.results) as [NetworkId, { status: string }][]) {
    if (outcome.status !== 'skipped') results[network] = outcome.status;
  }
  const duplicate = Object.values(result.results).some((outcome) => outcome?.status === 'duplicate');
  return {
    reason: duplicate ? 'duplicate' : result.decision.reason,
    explanation: result.decision.explanation,
    results,
    raw: toPlain(result),
  };
}
