import type { DecisionNote, DeliveryRecord, DeliveryStore } from '../../delivery/contract';
import { createRedactor } from '../../http/redact';
import type { ExplanationVerdict, NetworkExplanation, OrderExplanation } from './explanation-types';
import { deliveryHint, formatTime, isRefusal, notCreditedHint } from './hint';

/*
 * `explainOrder`: one order's explanation, read from what the store keeps (its deliveries with their
 * attempt log and decision note, and its `decision` record), so that it answers after a restart and on
 * any server sharing the store, and the command line gives the same answer with no relay running. It
 * never says `sent` before the network answered: a delivery is `sent` only once its outcome is saved.
 */

// Redacts secret-looking fields again: the stored request holds no secret, this is belt and braces.
const redactor = createRedactor([]);

/** What {@link explainRecords} needs besides the records. */
export interface ExplainContext {
  now: number;
  /** A network's name as people write it. Default: its id. */
  nameOf?: (network: string) => string;
}

/**
 * Reads an order's explanation from the store.
 *
 * @example
 * const explanation = await explainFromStore(store, 'order-1', { now: Date.now() });
 */
export async function explainFromStore(
  store: DeliveryStore,
  orderId: string,
  context: ExplainContext,
): Promise<OrderExplanation> {
  const [deliveries, decisions] = await Promise.all([
    store.list('order', orderId),
    store.list('decision', orderId),
  ]);
  return explainRecords(orderId, [...deliveries, ...decisions], context);
}

/**
 * An order's explanation from its records (`order` deliveries and its `decision` record).
 *
 * @example
 * explainRecords('order-1', await store.list('order', 'order-1'), { now: Date.now() });
 */
export function explainRecords(
  orderId: string,
  records: readonly DeliveryRecord[],
  context: ExplainContext,
): OrderExplanation {
  const nameOf = context.nameOf ?? ((network: string) => network);
  const deliveries = records.filter((record) => record.kind === 'order');
  const decisionRecord = records.find((record) => record.kind === 'decision');
  const note: DecisionNote | undefined = deliveries[0]?.decision ?? decisionRecord?.decision;
  const repeats = decisionRecord?.decision?.repeats;
  if (deliveries.length === 0 && !decisionRecord) {
    return {
      orderId,
      found: false,
      verdict: 'unknown',
      hint: `No record of order ${orderId}: it was never recorded by a relay on this store, or it is older than retentionDays.`,
      networks: {},
    };
  }
  const networks: Record<string, NetworkExplanation> = {};
  for (const record of deliveries) networks[record.network] = explainDelivery(record, context.now, nameOf);
  for (const [network, reason] of Object.entries(note?.notCredited ?? {})) {
    if (networks[network]) continue;
    networks[network] = {
      network,
      name: nameOf(network),
      state: 'not-credited',
      reason,
      attempts: 0,
      log: [],
      hint: notCreditedHint(reason, nameOf(network), note, nameOf),
    };
  }
  const { verdict, hint } = verdictOf(orderId, Object.values(networks), note, repeats);
  const test = records.some((record) => (record as { test?: unknown }).test === true);
  const recordedAt = Math.min(...records.map((record) => record.createdAt));
  return {
    orderId,
    found: true,
    verdict,
    hint: test ? `test: ${hint}` : hint,
    recordedAt,
    ...(note ? { decision: note } : {}),
    ...(repeats ? { repeats } : {}),
    networks,
    ...(test ? { test: true as const } : {}),
  };
}

function explainDelivery(
  record: DeliveryRecord,
  now: number,
  nameOf: (network: string) => string,
): NetworkExplanation {
  const name = nameOf(record.network);
  const log = record.log ?? [];
  const sending = record.status === 'pending' && (record.lockedUntil ?? 0) > now;
  let state: NetworkExplanation['state'] = sending ? 'sending' : record.status;
  if (record.status === 'failed' && isRefusal(record.lastError)) state = 'refused';
  const unfinished = record.status === 'pending' && !sending && record.attempts > (log.at(-1)?.attempt ?? 0);
  return {
    network: record.network,
    name,
    state,
    status: record.status,
    attempts: record.attempts,
    log,
    ...(unfinished && record.attempts > 0 ? { unfinishedAttempt: true } : {}),
    request: redactor.value(record.request) as object,
    ...(record.status === 'pending' ? { nextAttemptAt: record.nextAttemptAt } : {}),
    ...(record.lastError ? { lastError: record.lastError } : {}),
    hint: deliveryHint(record, name, now),
  };
}

const WORST: NetworkExplanation['state'][] = ['refused', 'failed', 'sending', 'pending', 'sent'];

function verdictOf(
  orderId: string,
  networks: NetworkExplanation[],
  note: DecisionNote | undefined,
  repeats: { count: number; lastAt: number } | undefined,
): { verdict: ExplanationVerdict; hint: string } {
  const delivered = networks.filter((network) => network.state !== 'not-credited');
  if (delivered.length > 0) {
    const worst = [...delivered].sort((a, b) => WORST.indexOf(a.state) - WORST.indexOf(b.state))[0]!;
    const verdict: ExplanationVerdict =
      worst.state === 'sending' ? 'pending' : worst.state === 'not-credited' ? 'unknown' : worst.state;
    if (verdict === 'sent' && repeats) {
      const times = repeats.count === 1 ? 'once' : `${repeats.count} times`;
      return {
        verdict: 'duplicate',
        hint: `Order ${orderId} was recorded again (${times}, last at ${formatTime(repeats.lastAt)}): a repeat is never sent. The first recording: ${worst.hint}`,
      };
    }
    return { verdict, hint: worst.hint };
  }
  const reasons = networks.map((network) => network.reason);
  const first = networks[0];
  if (reasons.every((reason) => reason === 'no-attribution')) {
    return { verdict: 'no-attribution', hint: first?.hint ?? 'no affiliate click was on record.' };
  }
  if (note?.reason === 'all-expired' || reasons.includes('expired')) {
    const expired = networks.find((network) => network.reason === 'expired');
    return { verdict: 'expired', hint: expired?.hint ?? 'every click was past its window.' };
  }
  return { verdict: 'no-touch', hint: first?.hint ?? 'no click of a configured network.' };
}
