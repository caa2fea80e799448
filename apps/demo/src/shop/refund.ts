import type { NetworkId } from '@affiliate-relay/core';
import type { DemoApp } from '../app';
import type { RefundSummary } from '../orders';

/**
 * Refunds a whole order: `recordReversal` takes the order's commission back at the network that got
 * it. The reversal id is the order's own, so a second click (or a refresh that posts again) is a
 * `duplicate` and sends nothing. The outcome is kept with the order for its pages.
 *
 * @example
 * const refund = await refundOrder(app, 'TH-…');
 */
export async function refundOrder(app: DemoApp, orderId: string): Promise<RefundSummary | undefined> {
  const order = app.orders.get(orderId);
  if (!order) return undefined;
  const reversalId = `${order.id}-refund`;
  let summary: RefundSummary;
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
