import { HANDOFF_NAMES, ValidationError } from '@affiliate-relay/core';
import type { LineItemInput } from '@affiliate-relay/core/schemas';
import { currencyCode, fromDecimal } from './amounts';
import type { PlatformConversion } from './stripe';

/** The part of a Shopify order (the `orders/create` webhook's body, REST Admin API shape) that the order needs. */
export interface ShopifyOrderInput {
  /** The order's id: the order id unless `orderId` is given. */
  id: number | string;
  /** The shop's currency (ISO 4217). */
  currency: string;
  /** After discounts, before shipping, duties, taxes and tips: the networks' subtotal. */
  subtotal_price: string;
  /** The checkout's token: equals Web Pixels' `checkout.token` (the fallback for lost cart attributes). */
  checkout_token?: string | null;
  discount_codes?: { code: string }[] | null;
  /** The cart's attributes, as `/cart/update.js` set them. */
  note_attributes?: { name: string; value: string | null }[] | null;
  line_items?:
    | {
        sku?: string | null;
        product_id?: number | string | null;
        variant_id?: number | string | null;
        /** Unit price, before discounts, as a decimal string. */
        price: string;
        quantity: number;
      }[]
    | null;
}

/** What {@link orderFromShopifyOrder} gives: with the checkout token, for the Web Pixels fallback. */
export interface ShopifyConversion extends PlatformConversion {
  /** The order's `checkout_token`, or `null`. */
  checkoutToken: string | null;
}

/**
 * The relay's order input from a Shopify `orders/create` (or `orders/paid`) webhook's order: `subtotal_price` (after
 * discounts, before shipping and taxes), the currency, the discount codes as coupons, the line items (the SKU as
 * `parentSku`, else the product id; the variant id as `variantSku`), and the hand-off from the cart attribute
 * `_ar_handoff` (`note_attributes`). Verify the webhook's `X-Shopify-Hmac-Sha256` before calling it.
 *
 * @example
 * const { order, handoff, checkoutToken } = orderFromShopifyOrder(JSON.parse(rawBody));
 * await relay.recordConversion({ order, handoff: handoff ?? pixelHandoffs.get(checkoutToken) ?? null });
 */
export function orderFromShopifyOrder(
  order: ShopifyOrderInput,
  options: { orderId?: string; attribute?: string } = {},
): ShopifyConversion {
  if (
    typeof order !== 'object' ||
    order === null ||
    (typeof order.id !== 'number' && typeof order.id !== 'string')
  ) {
    throw new ValidationError('order', [
      { path: 'order', message: 'must be a Shopify order (orders/create)' },
    ]);
  }
  const attribute = options.attribute ?? HANDOFF_NAMES.cartAttribute;
  const handoff = order.note_attributes?.find((entry) => entry?.name === attribute)?.value;
  const items = (order.line_items ?? []).map((line, index): LineItemInput => {
    const parentSku = line.sku || (line.product_id ?? line.variant_id ?? '').toString();
    const variant = line.variant_id?.toString();
    return {
      parentSku,
      ...(variant && variant !== parentSku ? { variantSku: variant } : {}),
      price: fromDecimal(line.price, `order.line_items.${index}.price`),
      quantity: line.quantity,
    };
  });
  const coupons = (order.discount_codes ?? []).map((discount) => discount?.code).filter(Boolean) as string[];
  return {
    order: {
      orderId: options.orderId ?? String(order.id),
      subtotal: fromDecimal(order.subtotal_price, 'order.subtotal_price'),
      currency: currencyCode(order.currency, 'order.currency'),
      ...(coupons.length > 0 ? { couponCodes: coupons } : {}),
      ...(items.length > 0 ? { items } : {}),
    },
    handoff: handoff || null,
    checkoutToken: order.checkout_token || null,
  };
}
