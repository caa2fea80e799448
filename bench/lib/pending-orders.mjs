// Orders waiting in a delivery store, as a checkout leaves them when AvantLink did not answer in time: the
// drain figures seed a store with them (before any timing) and time their sending.
import { AVANTLINK_MERCHANT_ID, BROWSER_UA, VISITOR_ID } from './constants.mjs';
import { node } from './node-entry.mjs';
import { capture } from './raw-fetch.mjs';

/** The AvantLink order call of order `orderId`, as the relay records it. */
export function orderRequest(orderId) {
  return {
    avad: '77_f3afbe121',
    visitorIds: [VISITOR_ID],
    userAgent: BROWSER_UA,
    currentUrl: 'http://127.0.0.1/checkout/thanks',
    order: {
      orderId,
      subtotal: 100,
      currency: 'USD',
      items: [{ parentSku: 'TENT-2', price: 100, quantity: 1 }],
    },
  };
}

/** A pending AvantLink order delivery of `orderId`, due at `now`, held by nobody. */
export function pendingOrder(orderId, now) {
  return {
    kind: 'order',
    key: orderId,
    network: 'avantlink',
    status: 'pending',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now,
    owner: 'bench-seed',
    request: orderRequest(orderId),
  };
}

/** Writes `count` pending orders `${prefix}-0…` into `store`, 50 creates at a time. */
export async function seedPendingOrders(store, prefix, count) {
  const now = Date.now();
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++)
      batch.push(store.create([pendingOrder(`${prefix}-${j}`, now)]));
    const created = await Promise.all(batch);
    if (created.includes(false)) throw new Error(`seeding ${prefix}: an order was already known`);
  }
}

/** The AvantLink order call as the client sends it (to the fake, once: order `capture-0`), for the raw sides. */
export function captureOrderCall(fakes) {
  return capture((fetch) =>
    new node.AvantLinkClient({
      merchantId: AVANTLINK_MERCHANT_ID,
      baseUrl: fakes.avantlink,
      fetch,
    }).trackOrder(orderRequest('capture-0')),
  );
}
