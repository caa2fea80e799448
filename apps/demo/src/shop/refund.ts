import type { NetworkId } from '@affiliate-relay/core';
import type { DemoApp } from '../app';
import type { RefundSummary } from '../orders';

/**
 * The networks that received the order (their delivery was sent): only those have a commission to take back,
 * so only such an order is offered a refund.
 *
 * @example
 * const networks = await networksThatReceived(app, 'TH-…'); // ['avantlink']
 */
export async function networksThatReceived(app: DemoApp, orderId: string): Promise<NetworkId[]> {
  const records = await app.store.list('order', orderId).catch(() => []);
  return records.filter((record) => record.status === 'sent').map((record) => record.network);
}

/**
 * Refunds a whole order: `recordReversal` takes the order's commission back at the network that got
 * it. The reversal id is the order's own, so a second click (or a refresh that posts again) is a
 * `duplicate` and sends nothing. The outcome is kept with the order for its pages. An order no network
 * received is refused without a call (and without a record on the order).
 *
 * @example
 * const refund = await refundOrder(app, 'TH-…');
 */
export async function refundOrder(app: DemoApp, orderId: string): Promise<RefundSummary | undefined> {
  const order = app.orders.get(orderId);
  if (!order) return undefined;
  const reversalId = `${order.id}-refund`;
  let summary: RefundSummary;
  if ((await networksThatReceived(app, order.id)).length === 0) {
    // Nothing to take back: no network has this order (none earned it, or its delivery is still pending).
    return {
      reversalId,
      at: Date.now(),
      results: {},
      note: 'No network received this order: nothing to refund.',
    };
  }
  try {
    const result = await app.relay.recordReversal({ reversalId, orderId: order.id, type: 'RETURN' });
    const results: Partial<Record<NetworkId, string>> = {};
    const notes: string[] = [];
    for (const [network, outcome] of Object.entries(result.results) as [
      NetworkId,
      { status: string; reason?: string },
    ][]) {
      results[network] = outcome.status;
      if (outcome.reason) notes.push(outcome.reason);
    }
    summary = {
      reversalId,
      at: Date.now(),
      ...(result.amount ? { amount: result.amount } : {}),
      results,
      ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    };
  } catch (error) {
    summary = {
      reversalId,
      at: Date.now(),
      results: {},
      note: error instanceof Error ? error.message : String(error),
    };
  }
  order.refunds = [...(order.refunds ?? []), summary];
  app.activity.changed();
  return summary;
}
