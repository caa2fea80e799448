import { timingSafeEqual } from 'node:crypto';
import { HANDOFF_NAMES } from '@affiliate-relay/core';
import type { OrderInput } from '@affiliate-relay/core/schemas';
import { signHosted } from '../hosted/hosted-checkout';
import { readBody } from '../http/request';
import { cookie, redirect, send, sendJson } from '../http/response';
import type { Route } from '../http/router';
import type { Order } from '../orders';
import { toPlain } from '../qa/activity-log';
import { CART_COOKIE, readCart, writeCart } from './cart';
import { draftOrder, summarize } from './checkout';

/*
 * Checkout on another origin (the README's "Checkout on another domain"): the shop makes a hand-off of the
 * shopper's attribution (`relay.createHandoff`), creates a session on the hosted checkout with it as the
 * `reference`, and sends the shopper there. The hosted checkout reports the payment by webhook, server to server,
 * with no cookie: the order is credited from the hand-off alone.
 */

/** Orders waiting for their hosted checkout's webhook, by order id. */
const waiting = new Map<string, { order: Order; input: OrderInput; handoffFrom: 'page' | 'server' }>();

export const hostedRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/checkout\/hosted$/,
    async handler(x) {
      const cart = readCart(x.cookies[CART_COOKIE]);
      const form = new URLSearchParams(await readBody(x.request));
      if (cart.lines.length === 0) return redirect(x.response, '/cart');
      const { order, input, attribution } = await draftOrder(x, cart, form);
      // The hand-off the page's script put in the form (`ar_handoff`), else one made here. Without consent no
      // click may be read: the hand-off names no click then.
      const fromPage = attribution ? form.get(HANDOFF_NAMES.field) : null;
      const handoff =
        fromPage ||
        (await x.app.relay.createHandoff(attribution ? x.request : { touches: [], source: 'none' }));
      const handoffFrom = fromPage ? ('page' as const) : ('server' as const);
      waiting.set(order.id, { order, input, handoffFrom });
      const created = await fetch(`${x.app.hosted.apiUrl}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          orderId: order.id,
          amount: input.subtotal,
          currency: input.currency,
          reference: handoff,
          successUrl: `${x.app.origin}/checkout/hosted/return/${encodeURIComponent(order.id)}`,
          webhookUrl: `${x.app.origin}/webhooks/hosted`,
        }),
      });
      const session = (await created.json()) as { url: string };
      redirect(x.response, session.url);
    },
  },
  {
    method: 'POST',
    pattern: /^\/webhooks\/hosted$/,
    async handler(x) {
      const body = await readBody(x.request);
      const expected = Buffer.from(signHosted(x.app.hosted.secret, body));
      const given = Buffer.from(String(x.request.headers['x-hosted-signature'] ?? ''));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return send(x.response, 401, 'bad signature', 'text/plain; charset=utf-8');
      }
      const { session } = JSON.parse(body) as { session: { orderId: string; reference: string } };
      const draft = waiting.get(session.orderId);
      if (!draft) return sendJson(x.response, { received: true, unknown: session.orderId });
      waiting.delete(session.orderId);
      const { order, input, handoffFrom } = draft;
      const cookieAtWebhook = x.request.headers.cookie !== undefined;
      try {
        // No request: this call comes from the hosted checkout's server, not the shopper's browser.
        const result = await x.app.relay.recordConversion({ order: input, handoff: session.reference });
        order.conversion = {
          ...summarize(result),
          via: { webhook: 'hosted checkout', cookieAtWebhook, handoffFrom },
        };
      } catch (error) {
        order.conversion = {
          reason: 'error',
          explanation: `The relay could not record this order: ${(error as Error).message}`,
          results: {},
          raw: toPlain(error),
        };
      }
      x.app.orders.add(order);
      x.app.activity.changed();
      sendJson(x.response, { received: true, orderId: order.id });
    },
  },
  {
    method: 'GET',
    pattern: /^\/checkout\/hosted\/return\/(?<id>[A-Za-z0-9-]+)$/,
    handler(x) {
      const id = x.params.id ?? '';
      if (!x.app.orders.get(id))
        return send(x.response, 404, 'no such order yet', 'text/plain; charset=utf-8');
      redirect(x.response, `/thank-you/${encodeURIComponent(id)}`, {
        'set-cookie': cookie(CART_COOKIE, writeCart(readCart(undefined)), { maxAge: 0 }),
      });
    },
  },
];
