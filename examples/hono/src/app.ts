import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { PRODUCTS, productPage } from './catalog.ts';
import { relay } from './relay.ts';

const require = createRequire(import.meta.url);
// The script-tag build, served from the shop's own origin (blockers leave first-party scripts alone).
const script = readFileSync(require.resolve('@affiliate-relay/browser/script'), 'utf8');

/*
 * Hono hands out the Web-standard Request (`c.req.raw`), which is what the relay takes: the same code
 * runs on Node (@hono/node-server), Bun, Deno and Workers.
 */
export const app = new Hono();

app.get('/affiliate-relay.global.js', (c) => c.body(script, 200, { 'Content-Type': 'text/javascript' }));

// 1. The collect endpoint: the browser script beacons each new click here and gets the signed cookie.
app.post('/affiliate-relay/collect', (c) => relay.handleCollect(c.req.raw));

// 2. A landing rendered by the server: the click is captured before any JavaScript runs.
app.get('/products/:sku', async (c) => {
  const page = productPage(c.req.param('sku'));
  if (!page) return c.text('Not found', 404);
  const { setCookie } = await relay.captureFromRequest(c.req.raw);
  for (const cookie of setCookie) c.header('Set-Cookie', cookie, { append: true });
  return c.html(page);
});

// 3. The order: the network that earned it gets it, once.
app.post('/checkout', async (c) => {
  const { sku = 'tent', quantity = 1 } = (await c.req.json().catch(() => ({}))) as {
    sku?: string;
    quantity?: number;
  };
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(quantity) || quantity < 1) return c.json({ error: 'bad order' }, 400);
  const orderId = `EX-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const subtotal = product.price * quantity;
  const { results } = await relay.recordConversion({
    order: {
      orderId,
      subtotal,
      currency: 'USD',
      items: [{ parentSku: sku, price: product.price, quantity }],
    },
    request: c.req.raw,
  });
  return c.json({ orderId, subtotal, results });
});
