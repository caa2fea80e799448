import {
  COOKIE_NAMES,
  decodeTouches,
  type NetworkId,
  selectAttribution,
  type Touch,
} from '@affiliate-relay/core';
import type { DemoApp } from '../app';
import { WINDOW_DAYS } from '../config';
import type { Exchange } from '../http/router';
import type { Order } from '../orders';
import { RETRY_DELAY_MS } from '../relay';
import { consentOf } from '../shop/consent';
import { buildTimeline } from './timeline';

/*
 * What the QA console shows, as JSON (`GET /qa/api/state`): the visitor's clicks as the browser
 * cookie and the server cookie hold them, the decision checkout would make now, the last orders
 * with each network's delivery, and the merged log. Nothing secret is in it.
 */

const SHOWN_ORDERS = 8;

export async function buildState(exchange: Exchange) {
  const { app, cookies } = exchange;
  const serverRaw = cookies[COOKIE_NAMES.serverTouches];
  // Read the server cookie alone, to tell "valid" from "absent" and "bad signature".
  const server = serverRaw
    ? await app.relay.attributionFrom(`${COOKIE_NAMES.serverTouches}=${serverRaw}`)
    : undefined;
  const attribution = await app.relay.attributionFrom(exchange.request);
  const decision = selectAttribution(attribution.touches, {
    policy: 'last-click',
    windows: { avantlink: WINDOW_DAYS, aflite: WINDOW_DAYS },
  });
  const realNetworks = new Set<NetworkId>(
    (['avantlink', 'aflite'] as const).filter((network) => app.networks[network].mode === 'real'),
  );
  return {
    now: Date.now(),
    consent: consentOf(cookies),
    networks: networksOf(app),
    retryDelayMs: RETRY_DELAY_MS,
    delivery: await app.relay.status().catch(() => undefined),
    browserCookie: {
      present: cookies[COOKIE_NAMES.browserTouches] !== undefined,
      visitorId: cookies[COOKIE_NAMES.visitorId],
      touches: decodeTouches(cookies[COOKIE_NAMES.browserTouches]),
    },
    serverCookie: {
      present: serverRaw !== undefined,
      valid: server?.source === 'server-cookie',
      visitorId: server?.source === 'server-cookie' ? server.visitorId : undefined,
      touches: server?.source === 'server-cookie' ? server.touches : ([] as Touch[]),
      /** Where the consent to track came from, and when, as the signed cookie remembers it. */
      consent: server?.source === 'server-cookie' ? server.consent : undefined,
    },
    attribution: { source: attribution.source, visitorId: attribution.visitorId },
    decision: {
      policy: decision.policy,
      reason: decision.reason,
      explanation: decision.explanation,
      winners: decision.winners,
      eligible: decision.eligible,
      expired: decision.expired,
    },
    orders: await Promise.all(
      app.orders
        .list()
        .slice(0, SHOWN_ORDERS)
        .map((order) => orderView(app, order)),
    ),
    log: buildTimeline(app.networks.recorded(), app.activity.entries(), realNetworks),
  };
}

export type QaState = Awaited<ReturnType<typeof buildState>>;

function networksOf(app: DemoApp) {
  const { config, networks } = app;
  return {
    avantlink: {
      mode: networks.avantlink.mode,
      url: networks.avantlink.baseUrl,
      merchantId: config.avantlink.merchantId,
      faultsPending: networks.avantlink.faultsPending(),
    },
    aflite: {
      mode: networks.aflite.mode,
      url: networks.aflite.baseUrl,
      merchantId: config.aflite.merchantId,
      goalId: config.aflite.goalId,
      traceOnly: config.aflite.traceOnly,
      faultsPending: networks.aflite.faultsPending(),
    },
  };
}

async function orderView(app: DemoApp, order: Order) {
  const deliveries = await app.store.list('order', order.id).catch(() => []);
  return {
    id: order.id,
    createdAt: order.createdAt,
    subtotal: order.pricing.subtotal,
    currency: order.currency,
    couponCode: order.pricing.couponCode,
    items: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    customer: order.customer,
    conversion: {
      reason: order.conversion.reason,
      explanation: order.conversion.explanation,
      results: order.conversion.results,
      ...(order.conversion.via ? { via: order.conversion.via } : {}),
    },
    refunds: order.refunds ?? [],
    /** The networks whose delivery of the order was sent: the console offers a refund only when there is one. */
    receivedBy: deliveries.filter((record) => record.status === 'sent').map((record) => record.network),
    deliveries: deliveries.map((record) => ({
      network: record.network,
      status: record.status,
      attempts: record.attempts,
      updatedAt: record.updatedAt,
      nextAttemptAt: record.status === 'pending' ? record.nextAttemptAt : undefined,
      lastError: record.lastError,
    })),
  };
}
