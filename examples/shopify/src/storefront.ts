import { randomBytes } from 'node:crypto';
import express from 'express';

/*
 * EMULATED: what Shopify serves on a real shop, so that the example runs alone. The theme's product page (with
 * the two script tags a theme adds) and the AJAX cart's `/cart/update.js` and `/cart.js`, as shopify.dev
 * documents them: `POST /cart/update.js {"attributes": {…}}` merges the cart's attributes, which reach the
 * `orders/create` webhook as `note_attributes`. The cart's `token` is the checkout's.
 */
const carts = new Map<string, { token: string; attributes: Record<string, string> }>();

export const storefront = express.Router();

storefront.get('/products/:sku', (_req, res) => {
  res.type('html').send(`<!doctype html>
<meta charset="utf-8">
<title>Ridgeline 2 tent</title>
<script src="/apps/affiliate-relay/affiliate-relay.global.js" data-endpoint="/apps/affiliate-relay/collect" async></script>
<script src="/apps/affiliate-relay/affiliate-relay.handoff.global.js" data-endpoint="/apps/affiliate-relay/handoff" async></script>
<h1>Ridgeline 2 tent</h1>
<p>$199.00</p>
<form method="post" action="/cart/add"><button>Add to cart</button></form>`);
});

function cartOf(req: express.Request, res: express.Response) {
  const id = /(?:^|;\s*)cart=([a-f0-9]+)/.exec(req.headers.cookie ?? '')?.[1];
  const found = id ? carts.get(id) : undefined;
  if (found) return found;
  const token = randomBytes(16).toString('hex');
  const cart = { token, attributes: {} };
  carts.set(token, cart);
  res.append('Set-Cookie', `cart=${token}; Path=/; SameSite=Lax`);
  return cart;
}

storefront.post('/cart/update.js', express.json(), (req, res) => {
  const cart = cartOf(req, res);
  const attributes = (req.body as { attributes?: Record<string, string> })?.attributes ?? {};
  Object.assign(cart.attributes, attributes);
  res.json(cart);
});

storefront.get('/cart.js', (req, res) => {
  res.json(cartOf(req, res));
});
