import { findCategory, findProduct } from '../catalog';
import { readBody } from '../http/request';
import { cookie, redirect, sendHtml } from '../http/response';
import type { Exchange, Route } from '../http/router';
import { cartPage, checkoutPage } from '../pages/cart-pages';
import { categoryPage, homePage, notFoundPage, productPage } from '../pages/catalog-pages';
import type { PageContext } from '../pages/layout';
import { thankYouPage } from '../pages/thank-you';
import { CART_COOKIE, type Cart, changeCart, priceCart, readCart, writeCart } from './cart';
import { placeOrder } from './checkout';
import { consentOf } from './consent';
import { networksThatReceived, refundOrder } from './refund';

/** What every storefront page shows of the visitor: consent and the cart's size. */
export function pageContext(exchange: Exchange): PageContext {
  return {
    consent: consentOf(exchange.cookies),
    cartCount: readCart(exchange.cookies[CART_COOKIE]).itemCount,
  };
}

function cartCookie(cart: Cart): string {
  return cookie(CART_COOKIE, writeCart(cart), { maxAge: cart.lines.length > 0 ? 7 * 86_400 : 0 });
}

export function notFound(exchange: Exchange): void {
  sendHtml(exchange.response, notFoundPage(pageContext(exchange)).value, 404);
}

async function changeCartFromForm(exchange: Exchange, set: boolean): Promise<void> {
  const form = new URLSearchParams(await readBody(exchange.request));
  const quantity = Number.parseInt(form.get('quantity') ?? '1', 10);
  const cart = changeCart(
    readCart(exchange.cookies[CART_COOKIE]),
    form.get('variant') ?? '',
    Number.isFinite(quantity) ? Math.max(0, Math.min(quantity, 9)) : 1,
    set,
  );
  redirect(exchange.response, '/cart', { 'set-cookie': cartCookie(cart) });
}

export const shopRoutes: Route[] = [
  { method: 'GET', pattern: /^\/$/, handler: (x) => sendHtml(x.response, homePage(pageContext(x)).value) },
  {
    method: 'GET',
    pattern: /^\/c\/(?<slug>[a-z0-9-]+)$/,
    handler(x) {
      const category = findCategory(x.params.slug ?? '');
      if (!category) return notFound(x);
      sendHtml(x.response, categoryPage(category, pageContext(x)).value);
    },
  },
  {
    method: 'GET',
    pattern: /^\/products\/(?<slug>[a-z0-9-]+)$/,
    handler(x) {
      const product = findProduct(x.params.slug ?? '');
      if (!product) return notFound(x);
      sendHtml(x.response, productPage(product, pageContext(x)).value);
    },
  },
  {
    method: 'GET',
    pattern: /^\/cart$/,
    handler: (x) => sendHtml(x.response, cartPage(readCart(x.cookies[CART_COOKIE]), pageContext(x)).value),
  },
  { method: 'POST', pattern: /^\/cart\/add$/, handler: (x) => changeCartFromForm(x, false) },
  { method: 'POST', pattern: /^\/cart\/update$/, handler: (x) => changeCartFromForm(x, true) },
  {
    method: 'GET',
    pattern: /^\/checkout$/,
    handler(x) {
      const cart = readCart(x.cookies[CART_COOKIE]);
      if (cart.lines.length === 0) return redirect(x.response, '/cart');
      sendHtml(x.response, checkoutPage(cart, priceCart(cart, undefined), pageContext(x)).value);
    },
  },
  {
    method: 'POST',
    pattern: /^\/checkout$/,
    async handler(x) {
      const cart = readCart(x.cookies[CART_COOKIE]);
      const form = new URLSearchParams(await readBody(x.request));
      if (cart.lines.length === 0) return redirect(x.response, '/cart');
      const order = await placeOrder(x, cart, form);
      // 303: the thank-you page is fetched with GET, so a refresh never posts the order again.
      redirect(x.response, `/thank-you/${encodeURIComponent(order.id)}`, {
        'set-cookie': cartCookie(readCart(undefined)),
      });
    },
  },
  {
    method: 'POST',
    pattern: /^\/orders\/(?<id>[A-Za-z0-9-]+)\/refund$/,
    async handler(x) {
      const refund = await refundOrder(x.app, x.params.id ?? '');
      if (!refund) return notFound(x);
      // 303 back to the order's page, which shows the refund: a refresh posts nothing again.
      redirect(x.response, `/thank-you/${encodeURIComponent(x.params.id ?? '')}`);
    },
  },
  {
    method: 'GET',
    pattern: /^\/thank-you\/(?<id>[A-Za-z0-9-]+)$/,
    async handler(x) {
      // Only shows the order: nothing is recorded here, so a refresh adds nothing anywhere.
      const order = x.app.orders.get(x.params.id ?? '');
      if (!order) return notFound(x);
      const receivedBy = await networksThatReceived(x.app, order.id);
      sendHtml(x.response, thankYouPage(order, pageContext(x), receivedBy.length > 0).value);
    },
  },
];
