import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { PRODUCTS, productPage } from './catalog.ts';
import { relay } from './relay.ts';

const require = createRequire(import.meta.url);
// The script-tag build, served from the shop's own origin (blockers leave first-party scripts alone).
const script = readFileSync(require.resolve('@affiliate-relay/browser/script'), 'utf8');
const collect = relay.collectListener();

export const app = Fastify();

app.get('/affiliate-relay.global.js', (_request, reply) => reply.type('text/javascript').send(script));

// 1. The collect endpoint: the relay reads the beacon itself (it counts the bytes as they come, 8 KiB at most),
// so in this scope Fastify parses no body, and the reply is handed to the relay's node:http listener.
app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
  scope.post('/affiliate-relay/collect', async (request, reply) => {
    reply.hijack();
    await collect(request.raw, reply.raw);
  });
});

// 2. A landing rendered by the server: the click is captured before any JavaScript runs.
app.get<{ Params: { sku: string } }>('/products/:sku', async (request, reply) => {
  const page = productPage(request.params.sku);
  if (!page) return reply.code(404).send('Not found');
  const { setCookie } = await relay.captureFromRequest(request.raw);
  if (setCookie.length > 0) reply.header('set-cookie', setCookie);
  return reply.type('text/html').send(page);
});

// 3. The order: the network that earned it gets it, once.
app.post<{ Body: { sku?: string; quantity?: number } }>('/checkout', async (request, reply) => {
  const { sku = 'tent', quantity = 1 } = request.body ?? {};
  const product = PRODUCTS[sku];
  if (!product || !Number.isInteger(quantity) || quantity < 1)
    return reply.code(400).send({ error: 'bad order' });
  const orderId = `EX-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const subtotal = product.price * quantity;
  const { results } = await relay.recordConversion({
    order: {
      orderId,
      subtotal,
      currency: 'USD',
      items: [{ parentSku: sku, price: product.price, quantity }],
    },
    request: request.raw,
  });
  return { orderId, subtotal, results };
});
