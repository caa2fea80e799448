import { formatPrice } from '../catalog';
import type { Cart, Pricing } from '../shop/cart';
import { html, type SafeHtml } from './html';
import { layout, type PageContext } from './layout';
import { picture } from './picture';

export function cartPage(cart: Cart, context: PageContext): SafeHtml {
  if (cart.lines.length === 0) {
    return layout(
      'Cart',
      context,
      html`<section class="empty"><h1>Your cart is empty</h1><p><a href="/">Find something for the trail</a>.</p></section>`,
    );
  }
  return layout(
    'Cart',
    context,
    html`<h1>Your cart</h1>
<table class="cart-table">
  <thead><tr><th colspan="2">Item</th><th>Price</th><th>Quantity</th><th class="num">Total</th></tr></thead>
  <tbody>
  ${cart.lines.map(
    (line) => html`<tr>
    <td class="cart-thumb">${picture(line.product)}</td>
    <td><a href="/products/${line.product.slug}">${line.product.name}</a><br><span class="muted">${line.variant.label} · ${line.variant.sku}</span></td>
    <td>${formatPrice(line.product.price)}</td>
    <td><form method="post" action="/cart/update" class="qty-form">
      <input type="hidden" name="variant" value="${line.variant.sku}">
      <input type="number" name="quantity" value="${line.quantity}" min="0" max="9" aria-label="Quantity of ${line.product.name}">
      <button type="submit" class="button button-quiet">Update</button>
    </form></td>
    <td class="num">${formatPrice(line.lineTotal)}</td>
  </tr>`,
  )}
  </tbody>
  <tfoot><tr><th colspan="4">Items</th><td class="num">${formatPrice(cart.total)}</td></tr></tfoot>
</table>
<div class="actions"><a href="/" class="button button-quiet">Keep shopping</a><a href="/checkout" class="button">Checkout</a></div>`,
  );
}

const COUNTRIES = [
  ['USA', 'United States'],
  ['CAN', 'Canada'],
  ['GBR', 'United Kingdom'],
] as const;

// The hand-off entry's script tag (@affiliate-relay/browser/handoff): fills the form's hidden `ar_handoff` for the
// hosted checkout. Only with consent: without it no click may be read, so no hand-off is asked for.
const handoffScript = html`<script src="/static/affiliate-relay.handoff.global.js" data-into="forms" data-selector="#checkout-form" async></script>`;

export function checkoutPage(cart: Cart, pricing: Pricing, context: PageContext): SafeHtml {
  return layout(
    'Checkout',
    context,
    html`<h1>Checkout</h1>
<div class="checkout">
  <form method="post" action="/checkout" class="checkout-form" id="checkout-form">
    <fieldset>
      <legend>Shipping to</legend>
      <label>Country
        <select name="country">${COUNTRIES.map(([code, name]) => html`<option value="${code}">${name}</option>`)}</select>
      </label>
      <label>State or region <input name="state" value="UT" maxlength="32"></label>
    </fieldset>
    <fieldset>
      <legend>Coupon</legend>
      <label>Coupon code <input name="coupon" placeholder="TRAIL10 takes 10% off" maxlength="32"></label>
    </fieldset>
    <fieldset>
      <legend>Payment</legend>
      <p class="muted">This is a demo: the order is confirmed as if the card had been charged.</p>
    </fieldset>
    <button type="submit" class="button button-wide">Place order</button>
    <button type="submit" class="button button-quiet button-wide" formaction="/checkout/hosted">Pay on the hosted checkout (another site)</button>
    ${context.consent === 'granted' ? handoffScript : ''}
  </form>
  <aside class="summary">
    <h2>Order summary</h2>
    <ul class="summary-lines">
    ${cart.lines.map(
      (line) =>
        html`<li><span>${line.quantity} × ${line.product.name} <span class="muted">(${line.variant.label})</span></span><span>${formatPrice(line.lineTotal)}</span></li>`,
    )}
    </ul>
    <p class="summary-total"><span>Subtotal</span><span>${formatPrice(pricing.subtotal)}</span></p>
    <p class="muted">No tax and free shipping, so the subtotal is what you pay.</p>
  </aside>
</div>`,
  );
}
