import { orderFromStripeSession } from '@affiliate-relay/node/checkout';
import express from 'express';
import { PRODUCTS, productPage } from './catalog.ts';
import { relay } from './relay.ts';
import { stripe, webhookSecret } from './stripe.ts';

export const app = express();
const SHOP_URL = process.env.SHOP_URL ?? 'http://127.0.0.1:3000';

// 1. A landing rendered by the server: the click is captured before any JavaScript runs (signed cookie).
app.get('/products/:sku', async (req, res) => {
  const page = productPage(req.params.sku);
  if (!page) return void res.status(404).send('Not found');
  const { setCookie } = await relay.captureFromRequest(req);
  res.setHeader('Set-Cookie', setCookie);
  res.type('html').send(page);
});

// 2. Checkout: a hand-off for the shopper's cookies rides in client_reference_id (79 characters of
//    [A-Za-z0-9_-], within Stripe's 200), and the shopper goes to Stripe.
app.post('/checkout', express.urlencoded({ extended: false }), express.json(), async (req, res) => {
  const { sku = 'tent', quantity = 1 } = (req.body ?? {}) as { sku?: string; quantity?: number };
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(Number(quantity)) || Number(quantity) < 1)
    return void res.status(400).json({ error: 'bad order' });
  const handoff = await relay.createHandoff(req);
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: handoff,
    line_items: [
      {
        price_data: { currency: 'usd', product_data: { name: product.name }, unit_amount: product.cents },
        quantity: Number(quantity),
      },
    ],
    success_url: `${SHOP_URL}/thanks?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${SHOP_URL}/products/${sku}`,
  });
  res.redirect(303, session.url ?? '/');
});

// 3. Stripe's webhook: no cookie here. The raw body is what Stripe signed: parse nothing before checking it.
app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event: ReturnType<typeof stripe.webhooks.constructEvent>;
  try {
    event = stripe.webhooks.constructEvent(
      req.body as Buffer,
      req.header('stripe-signature') ?? '',
      webhookSecret,
    );
  } catch (error) {
    return void res.status(400).send(`Webhook refused: ${(error as Error).message}`);
  }
  if (
    event.type !== 'checkout.session.completed' &&
    event.type !== 'checkout.session.async_payment_succeeded'
  ) {
    return void res.json({ received: true });
  }
  if (event.data.object.payment_status === 'unpaid')
    return void res.json({ received: true, waiting: 'payment' });
  // The webhook's session has no line items: fetched with them, for AvantLink's products.
  const session = await stripe.checkout.sessions.retrieve(event.data.object.id, { expand: ['line_items'] });
  const { order, handoff } = orderFromStripeSession(session);
  // A store failure throws: the 500 makes Stripe retry, and the order id makes the retry safe.
  const { results } = await relay.recordConversion({ order, handoff });
  res.json({ received: true, orderId: order.orderId, results });
});
