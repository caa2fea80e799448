import { cents, findVariant, type Product, type Variant } from '../catalog';

/*
 * The cart lives in a cookie (`demo_cart`): `<variantSku>*<qty>.<variantSku>*<qty>`, nothing else.
 * A real shop keeps carts on its server; a cookie keeps the demo stateless across restarts.
 */

export const CART_COOKIE = 'demo_cart';
const MAX_QUANTITY = 9;

export interface CartLine {
  product: Product;
  variant: Variant;
  quantity: number;
  lineTotal: number;
}

export interface Cart {
  lines: CartLine[];
  itemCount: number;
  total: number;
}

/** Reads the cart cookie; unknown SKUs and bad quantities are dropped. */
export function readCart(cookie: string | undefined): Cart {
  const lines: CartLine[] = [];
  for (const part of (cookie ?? '').split('.')) {
    const [sku, rawQuantity] = part.split('*');
    const found = sku ? findVariant(sku) : undefined;
    const quantity = Number(rawQuantity);
    if (!found || !Number.isInteger(quantity) || quantity < 1) continue;
    if (lines.some((line) => line.variant.sku === found.variant.sku)) continue;
    const capped = Math.min(quantity, MAX_QUANTITY);
    lines.push({ ...found, quantity: capped, lineTotal: cents(found.product.price * capped) });
  }
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    total: cents(lines.reduce((sum, line) => sum + line.lineTotal, 0)),
  };
}

export function writeCart(cart: Cart): string {
  return cart.lines.map((line) => `${line.variant.sku}*${line.quantity}`).join('.');
}

/** The cart with `quantity` more of a variant (or set to `quantity` when `set`); 0 removes it. */
export function changeCart(cart: Cart, variantSku: string, quantity: number, set = false): Cart {
  const entries = new Map(cart.lines.map((line) => [line.variant.sku, line.quantity]));
  const next = (set ? 0 : (entries.get(variantSku) ?? 0)) + quantity;
  if (next > 0) entries.set(variantSku, next);
  else entries.delete(variantSku);
  return readCart([...entries].map(([sku, qty]) => `${sku}*${qty}`).join('.'));
}

/** Coupons the demo shop accepts: code → fraction off the subtotal. */
export const COUPONS: Readonly<Record<string, number>> = { TRAIL10: 0.1 };

export interface Pricing {
  itemsTotal: number;
  couponCode: string | undefined;
  discount: number;
  /** Items minus discount: no tax, no shipping (AvantLink's `order_amount_subtotal`). */
  subtotal: number;
}

/** Prices a cart with an optional coupon code (an unknown code is kept but takes nothing off). */
export function priceCart(cart: Cart, couponInput: string | undefined): Pricing {
  const couponCode = couponInput?.trim().toUpperCase() || undefined;
  const rate = couponCode ? (COUPONS[couponCode] ?? 0) : 0;
  const discount = cents(cart.total * rate);
  return { itemsTotal: cart.total, couponCode, discount, subtotal: cents(cart.total - discount) };
}
