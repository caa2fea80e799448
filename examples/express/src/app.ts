import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import express from 'express';
import { PRODUCTS, productPage } from './catalog.ts';
import { relay } from './relay.ts';

const require = createRequire(import.meta.url);
// The script-tag build, served from the shop's own origin (blockers leave first-party scripts alone).
const script = readFileSync(require.resolve('@affiliate-relay/browser/script'));

/** What your auth middleware adds to a request: typed, so `req.user` compiles in the collect context. */
type ShopRequest = express.Request & { user?: { id: string } };

export const app = express();

app.get('/affiliate-relay.global.js', (_req, res) => {
  res.type('text/javascript').send(script);
});

// 1. The collect endpoint: the browser script beacons each new click here and gets the signed cookie.
app.post(
  '/affiliate-relay/collect',
  relay.collectListener({ context: (req: ShopRequest) => ({ userId: req.user?.id }) }),
);

// 2. A landing rendered by the server: the click is captured before any JavaScript runs.
app.get('/products/:sku', async (req, res) => {
  const page = productPage(req.params.sku);
  if (!page) return void res.status(404).send('Not found');
  const { setCookie } = await relay.captureFromRequest(req);
  res.setHeader('Set-Cookie', setCookie);
  res.type('html').send(page);
});

// 3. The order: the network that earned it gets it, once.
app.post('/checkout', express.json(), async (req, res) => {
  const { sku = 'tent', quantity = 1 } = (req.body ?? {}) as { sku?: string; quantity?: number };
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(quantity) || quantity < 1)
    return void res.status(400).json({ error: 'bad order' });
  const orderId = `EX-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const subtotal = product.price * quantity;
  const { results } = await relay.recordConversion({
    order: {
      orderId,
      subtotal,
      currency: 'USD',
      items: [{ parentSku: sku, price: product.price, quantity }],
    },
    request: req,
  });
  res.json({ orderId, subtotal, results });
});
