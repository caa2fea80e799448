import type { DeliveryRecord, DeliveryStatus, DeliveryStore } from '../../delivery/contract';
import type { RedeliverResult } from './explanation-types';

/*
 * "Retry now": an order's pending or failed deliveries made due at once, in the store. The send itself
 * is the worker's (the relay kicks it; from the command line, the shop's running relay picks it up on
 * its next poll), so every rule of a send holds: a delivery the network took is never resent, and an
 * Aflite goal whose earlier attempt may have landed (attempts above 1) is looked up in the goal feed
 * before any resend. A `failed` delivery is pending again with its attempts kept: it gets one more
 * attempt (its count is past `maxAttempts`), and failing again it is failed again.
 * The write is the store's fenced `update` with the token the record holds: a worker that claims the
 * delivery meanwhile changes the token, the write is refused, and the answer is `in-flight`.
 */

/** What {@link makeDue} did to each delivery of the order. */
export type DueActions = RedeliverResult['networks'];

/**
 * Makes the order's pending and failed deliveries (of `network`, when given) due at `now`.
 *
 * @example
 * const actions = await makeDue(store, 'order-1', { now: Date.now() });
 */
export async function makeDue(
  store: DeliveryStore,
  orderId: string,
  options: { now: number; network?: string | undefined },
): Promise<DueActions> {
  const actions: DueActions = {};
  const records = await store.list('order', orderId);
  for (const record of records) {
    if (options.network !== undefined && record.network !== options.network) continue;
    actions[record.network] = await makeOneDue(store, record, options.now);
  }
  return actions;
}

async function makeOneDue(
  store: DeliveryStore,
  record: DeliveryRecord,
  now: number,
): Promise<{ action: 'due' | 'already-sent' | 'in-flight'; status: DeliveryStatus }> {
  if (record.status === 'sent') return { action: 'already-sent', status: 'sent' };
  if ((record.lockedUntil ?? 0) > now) return { action: 'in-flight', status: record.status };
  const due: DeliveryRecord = {
    ...record,
    status: 'pending',
    nextAttemptAt: now,
    updatedAt: now,
    redeliveredAt: now,
  };
  const saved = await store.update(due);
  return saved ? { action: 'due', status: 'pending' } : { action: 'in-flight', status: record.status };
}
