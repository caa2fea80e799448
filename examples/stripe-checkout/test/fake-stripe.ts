import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A stand-in for api.stripe.com on 127.0.0.1, for the two calls the example makes: create a Checkout Session
 * (form-encoded, as the stripe package sends it) and retrieve it with its line items. It answers in Stripe's
 * shapes, with only the fields the example reads. Webhook signatures are not faked: the test signs with the
 * stripe package's own generateTestHeaderString, and the example checks with its constructEvent.
 */

export interface FakeStripe {
  url: string;
  sessions: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const sessions = new Map<string, Record<string, unknown>>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stripe.test');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const form = new URLSearchParams(await bodyOf(req));
      // New every run: the shop's store (a file) remembers the order ids of earlier runs.
      const id = `cs_test_${randomUUID().replaceAll('-', '')}`;
      const quantity = Number(form.get('line_items[0][quantity]'));
      const unit = Number(form.get('line_items[0][price_data][unit_amount]'));
      const currency = form.get('line_items[0][price_data][currency]') ?? 'usd';
      const session = {
        id,
        object: 'checkout.session',
        client_reference_id: form.get('client_reference_id'),
        currency,
        amount_subtotal: unit * quantity,
        amount_total: unit * quantity,
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
        payment_status: 'unpaid',
        status: 'open',
        url: `https://checkout.stripe.test/c/pay/${id}`,
        line_items: {
          object: 'list',
          data: [
            {
              quantity,
              amount_subtotal: unit * quantity,
              price: { id: 'price_1', product: 'prod_tent', unit_amount: unit },
            },
          ],
        },
      };
      sessions.set(id, session);
      const { line_items: _hidden, ...answer } = session;
      return send(200, answer);
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    const session = match ? sessions.get(match[1]!) : undefined;
    if (req.method === 'GET' && session) {
      const expanded = url.searchParams.getAll('expand[]').includes('line_items');
      const { line_items, ...rest } = session;
      return send(200, expanded ? { ...rest, line_items } : rest);
    }
    send(404, {
      error: { type: 'invalid_request_error', message: `No such route: ${req.method} ${url.pathname}` },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sessions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
