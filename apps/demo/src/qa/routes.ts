import { COOKIE_NAMES } from '@affiliate-relay/core';
import { readBody } from '../http/request';
import { cookie, redirect, sendHtml, sendJson } from '../http/response';
import type { Exchange, Route } from '../http/router';
import { afliteLanding, avantlinkLanding } from '../landing-links';
import type { FaultKind } from '../networks';
import { CART_COOKIE } from '../shop/cart';
import { CONSENT_COOKIE } from '../shop/consent';
import { refundOrder } from '../shop/refund';
import { orderPage } from './order-page';
import { qaPage } from './page';
import { buildState } from './state';
import { openStream } from './stream';

/** Cookies that hold a click: the script's two and the relay's signed one. */
const TRACKING_COOKIES = [COOKIE_NAMES.browserTouches, COOKIE_NAMES.visitorId, COOKIE_NAMES.serverTouches];
const expire = (name: string) =>
  cookie(name, '', { maxAge: 0, httpOnly: name === COOKIE_NAMES.serverTouches });

/** The console's actions take JSON: a cross-site form cannot post JSON without CORS, so they cannot be forged. */
async function readJson(exchange: Exchange): Promise<Record<string, unknown> | undefined> {
  if (!/^application\/json\b/i.test(exchange.request.headers['content-type'] ?? '')) return undefined;
  try {
    const value = JSON.parse((await readBody(exchange.request)) || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The order id of `/qa/orders/<id>`, decoded (as given when its escapes are malformed: never a 500). */
function orderIdOf(exchange: Exchange): string {
  const raw = exchange.params.orderId ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function isNetwork(value: unknown): value is 'avantlink' | 'aflite' {
  return value === 'avantlink' || value === 'aflite';
}

export const qaRoutes: Route[] = [
  { method: 'GET', pattern: /^\/qa\/?$/, handler: (x) => sendHtml(x.response, qaPage(x).value) },
  {
    method: 'GET',
    pattern: /^\/qa\/api\/state$/,
    handler: async (x) => sendJson(x.response, await buildState(x)),
  },
  { method: 'GET', pattern: /^\/qa\/api\/stream$/, handler: openStream },
  {
    // One order's explanation, read from the store (it survives a restart of the demo).
    method: 'GET',
    pattern: /^\/qa\/orders\/(?<orderId>[^/]+)$/,
    async handler(x) {
      const explanation = await x.app.relay.explainOrder(orderIdOf(x));
      sendHtml(x.response, orderPage(explanation).value, explanation.found ? 200 : 404);
    },
  },
  {
    method: 'GET',
    pattern: /^\/qa\/api\/orders\/(?<orderId>[^/]+)$/,
    async handler(x) {
      sendJson(x.response, await x.app.relay.explainOrder(orderIdOf(x)));
    },
  },
  {
    // Retry now: the order's pending or failed deliveries sent at once (never one the network took).
    method: 'POST',
    pattern: /^\/qa\/api\/redeliver$/,
    async handler(x) {
      const body = await readJson(x);
      if (typeof body?.orderId !== 'string')
        return sendJson(x.response, { error: 'expected { orderId }' }, 400);
      const result = await x.app.relay.redeliver(body.orderId);
      x.app.activity.changed();
      sendJson(x.response, result);
    },
  },
  {
    method: 'GET',
    pattern: /^\/qa\/simulate\/(?<network>avantlink|aflite)$/,
    handler(x) {
      const origin = x.app.origin;
      redirect(
        x.response,
        x.params.network === 'avantlink' ? avantlinkLanding(origin) : afliteLanding(origin),
      );
    },
  },
  {
    method: 'POST',
    pattern: /^\/qa\/api\/consent$/,
    async handler(x) {
      const body = await readJson(x);
      const consent = body?.consent;
      if (consent !== 'granted' && consent !== 'pending' && consent !== 'banner') {
        return sendJson(x.response, { error: 'consent must be "granted", "pending" or "banner"' }, 400);
      }
      const cookies = [cookie(CONSENT_COOKIE, consent, { maxAge: 365 * 86_400, httpOnly: false })];
      // Withdrawn consent (or the banner, which starts undecided) also drops what was stored, as relay.forget does
      // for a shop's privacy page: the HttpOnly cookie included (the script cannot), and the visitor's click calls
      // not sent yet.
      if (consent !== 'granted') {
        const forgotten = await x.app.relay.forget(x.request);
        cookies.push(...forgotten.setCookie);
      }
      sendJson(x.response, { consent }, 200, { 'set-cookie': cookies });
    },
  },
  {
    method: 'POST',
    pattern: /^\/qa\/api\/fault$/,
    async handler(x) {
      const body = await readJson(x);
      const times = Number(body?.times);
      const kind = body?.kind as FaultKind;
      if (
        !isNetwork(body?.network) ||
        (kind !== '503' && kind !== 'drop') ||
        !Number.isInteger(times) ||
        times < 1 ||
        times > 50
      ) {
        return sendJson(
          x.response,
          { error: 'expected { network, kind: "503" | "drop", times: 1..50 }' },
          400,
        );
      }
      const network = x.app.networks[body.network];
      if (network.mode !== 'fake')
        return sendJson(x.response, { error: 'faults only apply to a fake network' }, 409);
      network.injectFault(kind, times);
      x.app.activity.changed();
      sendJson(x.response, { network: body.network, faultsPending: network.faultsPending() });
    },
  },
  {
    // The network is back: the faults it still had are dropped.
    method: 'POST',
    pattern: /^\/qa\/api\/fault\/clear$/,
    async handler(x) {
      const body = await readJson(x);
      if (!isNetwork(body?.network)) return sendJson(x.response, { error: 'expected { network }' }, 400);
      x.app.networks[body.network].clearFaults();
      x.app.activity.changed();
      sendJson(x.response, { network: body.network, faultsPending: 0 });
    },
  },
  {
    method: 'POST',
    pattern: /^\/qa\/api\/refund$/,
    async handler(x) {
      const body = await readJson(x);
      if (typeof body?.orderId !== 'string')
        return sendJson(x.response, { error: 'expected { orderId }' }, 400);
      const refund = await refundOrder(x.app, body.orderId);
      if (!refund) return sendJson(x.response, { error: `no order ${body.orderId}` }, 404);
      sendJson(x.response, refund);
    },
  },
  {
    method: 'POST',
    pattern: /^\/qa\/api\/flush$/,
    async handler(x) {
      await x.app.relay.flush();
      x.app.activity.changed();
      sendJson(x.response, { flushed: true });
    },
  },
  {
    method: 'POST',
    pattern: /^\/qa\/api\/reset$/,
    async handler(x) {
      await x.app.reset();
      const cookies = [...TRACKING_COOKIES, CART_COOKIE, CONSENT_COOKIE].map(expire);
      sendJson(x.response, { reset: true }, 200, { 'set-cookie': cookies });
    },
  },
  {
    // For the journeys: a fake's recordings exactly as received, API key included. Only fakes have
    // them (demo credentials); the console itself never calls this.
    method: 'GET',
    pattern: /^\/qa\/api\/fakes\/(?<network>avantlink|aflite)$/,
    handler(x) {
      const { avantlink, aflite } = x.app.networks;
      if (x.params.network === 'avantlink' && avantlink.fake) {
        const { requests, clicks, orders, adjustments } = avantlink.fake;
        return sendJson(x.response, { requests, clicks, orders, adjustments });
      }
      if (x.params.network === 'aflite' && aflite.fake) {
        const { requests, goals, traces, errors } = aflite.fake;
        return sendJson(x.response, { requests, goals, traces, errors });
      }
      sendJson(
        x.response,
        { error: `${x.params.network} is the real network: nothing is recorded here` },
        404,
      );
    },
  },
];
