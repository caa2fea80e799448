import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { orderFromShopifyOrder } from '@affiliate-relay/node/checkout';
import express from 'express';
import { pending } from './pending.ts';
import { relay } from './relay.ts';
import { storefront } from './storefront.ts';
import { verifyShopifyWebhook } from './verify-webhook.ts';

const require = createRequire(import.meta.url);
const scripts = {
  'affiliate-relay.global.js': readFileSync(require.resolve('@affiliate-relay/browser/script')),
  'affiliate-relay.handoff.global.js': readFileSync(
    require.resolve('@affiliate-relay/browser/handoff-script'),
  ),
};
const APP_SECRET = process.env.SHOPIFY_API_SECRET ?? '';

export const app = express();
app.use(storefront);

// Everything under /apps/affiliate-relay is the shop's app proxy: Shopify forwards it from the storefront's own
// domain to this server, so the scripts, collect and hand-off are same-origin with the theme's pages.
const proxy = express.Router();
app.use('/apps/affiliate-relay', proxy);

proxy.get('/:file', (req, res, next) => {
  const script = scripts[req.params.file as keyof typeof scripts];
  if (!script) return next();
  res.type('text/javascript').send(script);
});

// 1. The browser script's beacon: the signed first-party cookie.
proxy.post('/collect', relay.collectListener());

// 2. The hand-off the storefront script writes into the cart (`_ar_handoff`, via /cart/update.js).
proxy.post('/handoff', async (req, res) => {
  const answer = await relay.handleHandoff(
    new Request(new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`), {
      method: 'POST',
      headers: req.headers as Record<string, string>,
    }),
  );
  res
    .status(answer.status)
    .set(Object.fromEntries(answer.headers))
    .send(await answer.text());
});

// 3. The Web Pixel's fallback (see pixel.ts): a checkout's token and the hand-off the storefront kept.
proxy.options('/pixel', (_req, res) => {
  res.set({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST' }).status(204).end();
});
proxy.post('/pixel', express.text({ type: '*/*' }), async (req, res) => {
  res.set('access-control-allow-origin', '*');
  let body: { checkoutToken?: unknown; handoff?: unknown };
  try {
    body = JSON.parse(String(req.body));
  } catch {
    return void res.status(400).json({ error: 'bad pixel event' });
  }
  if (typeof body.checkoutToken !== 'string' || typeof body.handoff !== 'string')
    return void res.status(400).json({ error: 'bad pixel event' });
  pending.rememberHandoff(body.checkoutToken, body.handoff);
  const waiting = pending.takeWaiting(body.checkoutToken);
  if (!waiting) return void res.json({ received: true });
  // Recorded under the order's own id: were the webhook to come again, it is a duplicate.
  const handoff = pending.handoffOf(body.checkoutToken) ?? null;
  const { results } = await relay.recordConversion({ order: waiting, handoff });
  res.json({ received: true, orderId: waiting.orderId, results });
});

// 4. The orders/create webhook: no cookie; checked on the raw body before anything else.
app.post('/webhooks/orders-create', express.raw({ type: '*/*' }), async (req, res) => {
  if (!verifyShopifyWebhook(req.body as Buffer, req.get('x-shopify-hmac-sha256'), APP_SECRET)) {
    return void res.status(401).send('Webhook refused: X-Shopify-Hmac-Sha256 does not match');
  }
  const { order, handoff, checkoutToken } = orderFromShopifyOrder(
    JSON.parse((req.body as Buffer).toString('utf8')),
  );
  const carried = handoff ?? pending.handoffOf(checkoutToken) ?? null;
  if (!carried && checkoutToken) {
    // The cart lost its attributes (Shop Pay): the pixel may still report this checkout's hand-off.
    pending.park(checkoutToken, order);
    return void res.json({ received: true, orderId: order.orderId, waiting: 'pixel' });
  }
  const { results } = await relay.recordConversion({ order, handoff: carried });
  res.json({ received: true, orderId: order.orderId, results });
});
