import { ValidationError } from '@affiliate-relay/core';
import type { LineItemInput } from '@affiliate-relay/core/schemas';
import { currencyCode, fromDecimal, minus } from './amounts';
import type { PlatformConversion } from './stripe';

/** A PayPal amount: `{ currency_code: 'USD', value: '10.00' }`. */
export interface PayPalMoney {
  currency_code: string;
  value: string;
}

/** The part of a PayPal capture (`PAYMENT.CAPTURE.COMPLETED`'s `resource`, Orders v2) that the order needs. */
export interface PayPalCaptureInput {
  id: string;
  status?: string;
  /** The whole amount captured: with tax and shipping. */
  amount: PayPalMoney;
  /** The purchase unit's `custom_id`: where `relay.createHandoff`'s token went (127 characters at most). */
  custom_id?: string | null;
  invoice_id?: string | null;
  supplementary_data?: { related_ids?: { order_id?: string } };
}

/** The order's purchase unit (from the shop's own order, or `GET /v2/checkout/orders/{id}`), for its breakdown. */
export interface PayPalPurchaseUnitInput {
  amount: PayPalMoney & { breakdown?: { item_total?: PayPalMoney; discount?: PayPalMoney } };
  items?: { sku?: string; name?: string; unit_amount: PayPalMoney; quantity: string }[];
}

/**
 * The relay's order input from a completed PayPal capture. A capture's amount includes tax and shipping, so the
 * subtotal comes from the purchase unit's breakdown (`item_total` less `discount`), or from `subtotal` when
 * given; without either it throws a ValidationError rather than report tax and shipping as the sale. The order id
 * is `invoice_id`, else the PayPal order id, else the capture id. Throws for a capture that is not `COMPLETED`.
 * Verify the webhook (PayPal's `verify-webhook-signature`) before calling it.
 *
 * @example
 * const { order, handoff } = orderFromPayPalCapture(event.resource, { purchaseUnit: saved.purchase_units[0] });
 * await relay.recordConversion({ order, handoff });
 */
export function orderFromPayPalCapture(
  capture: PayPalCaptureInput,
  options: { purchaseUnit?: PayPalPurchaseUnitInput; subtotal?: number; orderId?: string } = {},
): PlatformConversion {
  if (typeof capture !== 'object' || capture === null || typeof capture.id !== 'string') {
    throw new ValidationError('order', [{ path: 'capture', message: 'must be a PayPal capture (resource)' }]);
  }
  if (capture.status !== undefined && capture.status !== 'COMPLETED') {
    throw new ValidationError('order', [
      { path: 'capture.status', message: `is ${capture.status}: report the order when it is COMPLETED` },
    ]);
  }
  const currency = currencyCode(capture.amount?.currency_code, 'capture.amount.currency_code');
  const breakdown = options.purchaseUnit?.amount?.breakdown;
  let subtotal = options.subtotal;
  if (subtotal === undefined && breakdown?.item_total) {
    const discount = breakdown.discount ? fromDecimal(breakdown.discount.value, 'purchaseUnit.discount') : 0;
    subtotal = minus(fromDecimal(breakdown.item_total.value, 'purchaseUnit.item_total'), discount);
  }
  if (subtotal === undefined) {
    throw new ValidationError('order', [
      {
        path: 'subtotal',
        message:
          "a capture's amount includes tax and shipping: pass purchaseUnit (with amount.breakdown.item_total) or subtotal",
      },
    ]);
  }
  const items = (options.purchaseUnit?.items ?? []).flatMap((item, index): LineItemInput[] => {
    const sku = item.sku || item.name;
    const quantity = Number(item.quantity);
    if (!sku || !Number.isInteger(quantity) || quantity < 1) return [];
    return [
      { parentSku: sku, price: fromDecimal(item.unit_amount.value, `purchaseUnit.items.${index}`), quantity },
    ];
  });
  return {
    order: {
      orderId:
        options.orderId ??
        capture.invoice_id ??
        capture.supplementary_data?.related_ids?.order_id ??
        capture.id,
      subtotal,
      currency,
      ...(items.length > 0 ? { items } : {}),
    },
    handoff: capture.custom_id || null,
  };
}
