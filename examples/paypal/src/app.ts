import { randomUUID } from 'node:crypto';
import { orderFromPayPalCapture, type PayPalPurchaseUnitInput } from '@affiliate-relay/node/checkout';
import express from 'express';
import { relay } from './relay.ts';
import { verifyPayPalWebhook } from './verify-webhook.ts';

export const app = express();
const env = process.env;
const PRODUCTS: Record<string, { name: string; price: string }> = {
  tent: { name: 'Ridgeline 2 tent', price: '100.00' },
};
// The purchase units of the orders created, by invoice id: your order table in a real shop.
const purchaseUnits = new Map<string, PayPalPurchaseUnitInput>();

// 1. A landing rendered by the server: the click is captured before any JavaScript runs (signed cookie).
app.get('/products/:sku', async (req, res) => {
  const product = PRODUCTS[req.params.sku];
  if (!product) return void res.status(404).send('Not found');
  const { setCookie } = await relay.captureFromRequest(req);
  res.setHeader('Set-Cookie', setCookie);
  res
    .type('html')
    .send(`<!doctype html><meta charset="utf-8"><title>${product.name}</title><h1>${product.name}</h1>`);
});

// 2. The PayPal buttons' createOrder asks for the purchase unit: the hand-off rides in custom_id (127 at most;
//    a hand-off has 79), the invoice id names the order.
app.post('/checkout', express.json(), async (req, res) => {
  const { sku = 'tent', quantity = 1 } = (req.body ?? {}) as { sku?: string; quantity?: number };
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(quantity) || quantity < 1)
    return void res.status(400).json({ error: 'bad order' });
  const total = (Number(product.price) * quantity).toFixed(2);
  const purchaseUnit = {
    invoice_id: `PP-${randomUUID()}`,
    custom_id: await relay.createHandoff(req),
    amount: {
      currency_code: 'USD',
      value: total,
      breakdown: { item_total: { currency_code: 'USD', value: total } },
    },
    items: [
      {
        sku,
        name: product.name,
        unit_amount: { currency_code: 'USD', value: product.price },
        quantity: String(quantity),
      },
    ],
  };
  purchaseUnits.set(purchaseUnit.invoice_id, purchaseUnit);
  res.json({ intent: 'CAPTURE', purchase_units: [purchaseUnit] });
});

// 3. PayPal's PAYMENT.CAPTURE.COMPLETED webhook: no cookie; checked on the raw body before anything else.
app.post('/webhooks/paypal', express.raw({ type: '*/*' }), async (req, res) => {
  const verified = await verifyPayPalWebhook(req.body as Buffer, req.headers, {
    webhookId: env.PAYPAL_WEBHOOK_ID ?? '',
    certUrlPrefix: env.PAYPAL_CERT_URL_PREFIX ?? 'https://api.paypal.com/',
  });
  if (!verified) return void res.status(401).send('Webhook refused: the PayPal signature does not hold');
  const event = JSON.parse((req.body as Buffer).toString('utf8'));
  if (event.event_type !== 'PAYMENT.CAPTURE.COMPLETED') return void res.json({ received: true });
  const capture = event.resource;
  const purchaseUnit = purchaseUnits.get(capture.invoice_id);
  // Without the purchase unit the subtotal is unknown (the capture's amount has tax and shipping): refused, loudly.
  if (!purchaseUnit) return void res.status(422).json({ error: `no order ${capture.invoice_id}` });
  const { order, handoff } = orderFromPayPalCapture(capture, { purchaseUnit });
  const { results } = await relay.recordConversion({ order, handoff });
  res.json({ received: true, orderId: order.orderId, results });
});
