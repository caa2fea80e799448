import { ValidationError } from '@affiliate-relay/core';
import type { LineItemInput, OrderInput } from '@affiliate-relay/core/schemas';
import { currencyCode, fromMinorUnits, minus } from './amounts';

/**
 * The part of a Stripe Checkout Session (`checkout.session.completed`'s `data.object`) that the order needs.
 * A `Stripe.Checkout.Session` from the `stripe` package fits it.
 */
export interface StripeCheckoutSessionInput {
  /** `cs_…`: the order id unless `orderId` is given. */
  id: string;
  /** Where `relay.createHandoff`'s token went when the session was created. */
  client_reference_id?: string | null;
  /** Lower-case ISO 4217 (`usd`). */
  currency?: string | null;
  /** Before discounts and tax, in the smallest unit. */
  amount_subtotal?: number | null;
  total_details?: { amount_discount?: number | null } | null;
  payment_status?: string;
  /** Only when the session was retrieved with `expand: ['line_items']` (the webhook's object has none). */
  line_items?: {
    data: {
      quantity?: number | null;
      amount_subtotal?: number | null;
      price?: { id?: string; product?: string | { id: string } | null; unit_amount?: number | null } | null;
    }[];
  } | null;
}

/** What the platform helpers give: the order for `recordConversion`, and the hand-off the platform carried. */
export interface PlatformConversion {
  order: OrderInput;
  /** The hand-off token as the platform brought it back; `null` when it did not (then the order is skipped). */
  handoff: string | null;
}

/**
 * The relay's order input from a completed Stripe Checkout Session: the subtotal is `amount_subtotal` less the
 * discounts, without tax and shipping, in the major unit (`1999` cents → `19.99`; zero- and three-decimal currencies
 * as Stripe counts them); line items when the session was retrieved with them expanded (the product id is the SKU).
 * Throws a ValidationError for a session that is not paid (`payment_status` `unpaid`: wait for
 * `checkout.session.async_payment_succeeded`) or lacks an amount.
 *
 * @example
 * const event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
 * if (event.type === 'checkout.session.completed') {
 *   const { order, handoff } = orderFromStripeSession(event.data.object);
 *   await relay.recordConversion({ order, handoff });
 * }
 */
export function orderFromStripeSession(
  session: StripeCheckoutSessionInput,
  options: { orderId?: string } = {},
): PlatformConversion {
  if (typeof session !== 'object' || session === null || typeof session.id !== 'string') {
    throw new ValidationError('order', [{ path: 'session', message: 'must be a Stripe Checkout Session' }]);
  }
  if (session.payment_status === 'unpaid') {
    throw new ValidationError('order', [
      {
        path: 'session.payment_status',
        message: 'is unpaid: report the order on checkout.session.async_payment_succeeded',
      },
    ]);
  }
  const currency = currencyCode(session.currency, 'session.currency');
  const gross = fromMinorUnits(session.amount_subtotal, currency, 'session.amount_subtotal');
  const discount = fromMinorUnits(
    session.total_details?.amount_discount ?? 0,
    currency,
    'session.total_details',
  );
  const items = (session.line_items?.data ?? []).flatMap((line, index): LineItemInput[] => {
    const product = line.price?.product;
    const sku = typeof product === 'string' ? product : (product?.id ?? line.price?.id);
    const quantity = line.quantity ?? 1;
    if (!sku || quantity < 1) return [];
    const unit = line.price?.unit_amount ?? Math.round((line.amount_subtotal ?? 0) / Math.max(1, quantity));
    return [
      { parentSku: sku, price: fromMinorUnits(unit, currency, `session.line_items.${index}`), quantity },
    ];
  });
  return {
    order: {
      orderId: options.orderId ?? session.id,
      subtotal: minus(gross, discount),
      currency,
      ...(items.length > 0 ? { items } : {}),
    },
    handoff: session.client_reference_id || null,
  };
}
