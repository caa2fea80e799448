import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http/request';
import { redirect, send, sendHtml, sendJson } from '../http/response';
import { escapeHtml } from '../pages/html';

/*
 * A "hosted checkout" on another origin (its own port), standing in for Stripe Checkout or PayPal: the shop's
 * server creates a session with a `reference` (the relay's hand-off, as Stripe's client_reference_id), the shopper
 * pays on this origin, and the order goes back to the shop as a signed webhook, server to server, with no cookie
 * of the shopper's. Then the shopper is sent back to the shop's return URL.
 */

/** A session as the shop creates it. */
export interface HostedSessionInput {
  orderId: string;
  amount: number;
  currency: string;
  reference: string;
  successUrl: string;
  webhookUrl: string;
}

export interface HostedCheckout {
  /**
   * This origin as the shopper's browser reaches it: `http://localhost:<port>`, another host than the shop's
   * `127.0.0.1`, so that the browser keeps the two sites' cookies apart (cookies ignore ports). It listens on
   * 127.0.0.1 only.
   */
  url: string;
  /** The same server for the shop's server-to-server calls, `http://127.0.0.1:<port>`. */
  apiUrl: string;
  /** The secret both sides know: the webhook's `x-hosted-signature` is its hex HMAC-SHA256 of the body. */
  secret: string;
  close(): Promise<void>;
}

/** The hex HMAC-SHA256 of a webhook body, as the hosted checkout signs it. */
export function signHosted(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export async function startHostedCheckout(options: { host: string; port: number }): Promise<HostedCheckout> {
  const secret = randomBytes(24).toString('hex');
  const sessions = new Map<string, HostedSessionInput & { paid: boolean }>();
  let origin = '';
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://hosted.invalid');
    const run = async () => {
      if (request.method === 'POST' && url.pathname === '/api/sessions') {
        const input = JSON.parse(await readBody(request)) as HostedSessionInput;
        const id = `hs_${randomBytes(12).toString('hex')}`;
        sessions.set(id, { ...input, paid: false });
        return sendJson(response, { id, url: `${origin}/pay/${id}` });
      }
      const match = /^\/pay\/(hs_[a-f0-9]+)$/.exec(url.pathname);
      const session = match ? sessions.get(match[1]!) : undefined;
      if (!session) return send(response, 404, 'no such session', 'text/plain; charset=utf-8');
      if (request.method === 'GET') return sendHtml(response, payPage(session.amount, session.currency));
      if (!session.paid) {
        session.paid = true;
        const body = JSON.stringify({
          type: 'checkout.completed',
          session: {
            id: match![1],
            orderId: session.orderId,
            amount: session.amount,
            currency: session.currency,
            reference: session.reference,
          },
        });
        // The webhook, before the shopper goes back (as Stripe usually is): the order is there on return.
        await fetch(session.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hosted-signature': signHosted(secret, body) },
          body,
        }).catch((error: unknown) => console.error('hosted checkout: the webhook failed:', error));
      }
      redirect(response, session.successUrl);
    };
    run().catch((error: unknown) => {
      console.error('hosted checkout:', error);
      if (!response.headersSent) send(response, 500, 'error', 'text/plain; charset=utf-8');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://localhost:${port}`;
  return {
    url: origin,
    apiUrl: `http://${options.host}:${port}`,
    secret,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function payPage(amount: number, currency: string): string {
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Hosted checkout</title>
<body style="font-family: system-ui; max-width: 32rem; margin: 4rem auto">
<h1>Hosted checkout</h1>
<p data-testid="hosted-note">Another origin: the shop's cookies are not here. The shop gets the order by webhook.</p>
<p>Total: <strong>${escapeHtml(`${amount.toFixed(2)} ${currency}`)}</strong></p>
<form method="post"><button type="submit">Pay now</button></form>
</body></html>`;
}
