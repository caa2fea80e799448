import type { AttributionDecision, NetworkId, Touch } from '@affiliate-relay/core';
import type { DecisionNote, DeliveryRecord, DeliveryStore, NotedTouch } from '../../delivery/contract';
import { refusedConsent } from '../collect/consent-gate';
import type { ConversionRequest } from '../conversion/conversion-types';
import { headerOf } from '../conversion/order-context';
import type { Attribution } from '../cookie/read-attribution';
import { parseCookieHeader } from '../incoming/cookie-header';
import type { ResolvedRelayConfig } from '../resolve-config';

/*
 * What `recordConversion` keeps of its decision, for `explainOrder`. An order credited to a network
 * carries the note in each of its deliveries (the same write as the deliveries: no extra cost). An
 * order credited to nobody (no attribution, expired, no touch of a configured network), and a repeat
 * of a recorded order, get a `decision` record under the order's id: one small row, best effort (a
 * store that fails it costs the explanation only, never the checkout).
 */

/**
 * The note of one decision: the attribution (touches cut to what a person reads), the policy and
 * windows, the winners and each other network's reason.
 *
 * @example
 * const note = decisionNote({ attribution, saved: false, decision, windows, notCredited, now: Date.now() });
 */
export function decisionNote(facts: {
  attribution: Attribution;
  saved: boolean;
  decision: AttributionDecision;
  windows: Record<string, number>;
  notCredited: Record<string, string>;
  now: number;
}): DecisionNote {
  const { attribution, decision } = facts;
  return {
    at: facts.now,
    source: facts.saved && attribution.source !== 'none' ? 'saved' : attribution.source,
    ...(attribution.visitorId ? { visitorId: attribution.visitorId } : {}),
    touches: [...decision.eligible, ...decision.expired].slice(0, 8).map(notedTouch),
    policy: decision.policy,
    windows: facts.windows,
    reason: decision.reason,
    explanation: decision.explanation.slice(0, 500),
    winners: decision.winners.map((touch) => touch.network),
    notCredited: facts.notCredited,
  };
}

/**
 * What the relay's consent rule says of a checkout request, when it refuses (`gpc`, `denied`): asked
 * for an order credited to nobody only, as the collect endpoint asks of a beacon (an unknown answer
 * does not refuse), so the explanation can say why no click was stored.
 *
 * @example
 * const consent = consentAtCheckout(config, input.request); // 'gpc' for a request with Sec-GPC: 1
 */
export function consentAtCheckout(
  config: Pick<ResolvedRelayConfig, 'consent' | 'events'>,
  request: ConversionRequest | undefined,
): 'gpc' | 'denied' | undefined {
  if (!request) return undefined;
  const refused = refusedConsent(config, {
    operation: 'collect',
    url: request instanceof Request ? request.url : '',
    headers: { get: (name) => headerOf(request, name.toLowerCase()) ?? null },
    cookies: parseCookieHeader(headerOf(request, 'cookie')),
  });
  return refused === 'gpc' || refused === 'denied' ? refused : undefined;
}

function notedTouch(touch: Touch): NotedTouch {
  return {
    network: touch.network,
    clickId: touch.clickId.slice(0, 200),
    capturedAt: touch.capturedAt,
    ...(touch.landingUrl ? { landingUrl: touch.landingUrl.slice(0, 500) } : {}),
  };
}

/**
 * Keeps the decision of an order credited to nobody. A repeat of such an order (the same id, again
 * with no winner) replaces the note: the latest decision is the one a person asks about.
 *
 * @example
 * await keepDecision(store, orderId, note, networks[0]);
 */
export async function keepDecision(
  store: DeliveryStore,
  orderId: string,
  note: DecisionNote,
  network: NetworkId,
): Promise<void> {
  const record = decisionRecord(orderId, note, network);
  if (await store.create([record])) return;
  const [held] = await store.list('decision', orderId);
  if (!held) return;
  const repeats = held.decision?.repeats;
  await store.update({
    ...held,
    updatedAt: note.at,
    decision: { ...note, ...(repeats ? { repeats } : {}) },
  });
}

/**
 * Counts a repeat of an order already recorded (refused as a duplicate) in its decision record,
 * created when the order has none yet.
 *
 * @example
 * await noteRepeat(store, orderId, note, networks[0]);
 */
export async function noteRepeat(
  store: DeliveryStore,
  orderId: string,
  note: DecisionNote,
  network: NetworkId,
): Promise<void> {
  const repeats = { count: 1, lastAt: note.at };
  if (await store.create([decisionRecord(orderId, { ...note, repeats }, network)])) return;
  const [held] = await store.list('decision', orderId);
  if (!held?.decision) return;
  const before = held.decision.repeats?.count ?? 0;
  await store.update({
    ...held,
    updatedAt: note.at,
    decision: { ...held.decision, repeats: { count: before + 1, lastAt: note.at } },
  });
}

// A decision is no network call: `sent` from the start, so no worker claims it and retention
// purges it as any finished delivery. `network` is the first configured one: a store keys a row by
// kind, key and network, and a decision is one row.
function decisionRecord(orderId: string, note: DecisionNote, network: NetworkId): DeliveryRecord {
  return {
    kind: 'decision',
    key: orderId,
    network,
    status: 'sent',
    attempts: 0,
    createdAt: note.at,
    updatedAt: note.at,
    nextAttemptAt: note.at,
    request: {},
    decision: note,
  };
}
