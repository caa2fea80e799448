import {
  type AttributionDecision,
  type HandoffError,
  isErrorNamed,
  type NetworkId,
  RelayClosedError,
  StoreError,
  selectAttribution,
  type Touch,
  ValidationError,
} from '@affiliate-relay/core';
import type { orderInputSchema } from '@affiliate-relay/core/schemas';
import { looksLikeEmail } from '../../clients/hash-identifier';
import type { DeliveryRecord } from '../../delivery/contract';
import { networkOf } from '../../delivery/network';
import { loadKy } from '../../http/send';
import { loadSchemas } from '../../lazy-schemas';
import { type Attribution, parseSavedAttribution, readAttributionFrom } from '../cookie/read-attribution';
import { consentAtCheckout, decisionNote, keepDecision, noteRepeat } from '../explain/decision-note';
import { type HandoffInput, resolveHandoff } from '../handoff/handoff';
import type { RelayInternals } from '../internals';
import type { ResolvedRelayConfig } from '../resolve-config';
import { warnOnce } from '../warnings';
import type { ConversionInput, ConversionResult, NetworkResult, SkipReason } from './conversion-types';
import { onPlainHttp, orderContext } from './order-context';

/**
 * Credits an order to the network(s) that earned it and reports it. See `Relay.recordConversion`.
 * Bad input throws (ValidationError) before anything is recorded or sent. The deliveries are
 * committed to the store first, then each gets one attempt within `delivery.checkoutBudgetMs`; a
 * network that fails never throws: its result says `pending` (the worker retries) or `failed`.
 */
export async function recordConversion(
  relay: RelayInternals,
  input: ConversionInput,
): Promise<ConversionResult> {
  if (relay.closed) throw new RelayClosedError('recordConversion');
  const { config, worker } = relay;
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('conversion', [{ path: '', message: 'an object with an order is expected' }]);
  }
  // Loaded before any delivery is written: the first load must not run inside a delivery's lock.
  const [{ parseOrThrow, orderInputSchema }] = await Promise.all([loadSchemas(), loadKy()]);
  const order = parseOrThrow(orderInputSchema, input.order, 'order');
  const withHandoff = 'handoff' in input;
  if (input.attribution === undefined && !input.request && !withHandoff) {
    throw new ValidationError('conversion', [
      {
        path: 'request',
        message:
          "neither request, attribution nor handoff: pass the shopper's request, a saved attribution or hand-off, or attribution: null when there is none",
      },
    ]);
  }
  if (withHandoff && input.attribution !== undefined) {
    throw new ValidationError('conversion', [
      { path: 'handoff', message: 'give handoff or attribution, not both' },
    ]);
  }
  const userId = input.user?.id;
  if (userId !== undefined && (typeof userId !== 'string' || looksLikeEmail(userId))) {
    throw new ValidationError('user', [
      { path: 'user.id', message: 'must be an internal id, never an email: hash it with hashIdentifier()' },
    ]);
  }
  const networks = config.networks.map((network) => network.id);
  const handed = withHandoff ? await handoffAttribution(config, input.handoff) : undefined;
  if (handed && 'refused' in handed) {
    const results: Partial<Record<NetworkId, NetworkResult>> = {};
    for (const network of networks) results[network] = { status: 'skipped', reason: handed.refused };
    const decision = selectAttribution([], {
      policy: config.policy,
      windows: config.windows,
      now: Date.now(),
    });
    config.events.emit({
      type: 'conversion',
      orderId: order.orderId,
      reason: decision.reason,
      results: Object.fromEntries(networks.map((network) => [network, 'skipped'])),
    });
    return {
      orderId: order.orderId,
      decision,
      results,
      ...(handed.error ? { handoffError: handed.error } : {}),
    };
  }
  const attribution = handed ?? (await attributionOf(config, input));
  const touches = attribution.touches.filter((touch) => networks.includes(touch.network));
  const decision = selectAttribution(touches, {
    policy: config.policy,
    windows: config.windows,
    now: Date.now(),
  });
  const results: Partial<Record<NetworkId, NetworkResult>> = {};
  const notCredited: Record<string, string> = {};
  for (const network of networks) {
    const reason = skipReason(network, attribution, decision);
    if (reason) results[network] = { status: 'skipped', reason };
    if (reason) notCredited[network] = reason;
  }
  const note = decisionNote({
    attribution,
    saved: input.attribution !== undefined && input.attribution !== null,
    decision,
    windows: Object.fromEntries(
      networks.flatMap((network) => {
        const window = config.windows[network];
        return window === undefined ? [] : [[network, window]];
      }),
    ),
    notCredited,
    now: Date.now(),
  });
  const lock = {
    lockedUntil: Date.now() + config.lockMs,
    lockToken: globalThis.crypto.randomUUID(),
    owner: relay.owner,
  };
  const records = decision.winners.map((touch) => ({
    ...toRecord(config, input, order, attribution, touch, Date.now()),
    decision: note,
    // Held by this call for its one attempt: the worker must not send it at the same time.
    ...lock,
  }));
  if (records.length > 0 && attribution.source === 'browser-cookie') {
    // On a plain-http page (a LAN address in development) the likely cause is the Secure cookie itself.
    const dropped = config.cookieSecure && onPlainHttp(input.request);
    warnOnce(config, dropped ? 'secure-cookie-over-http' : 'browser-cookie-only');
  }
  if (records.length > 0) {
    if (!(await createRecords(config, records))) {
      await reportRepeated(config, order, networks, results);
      await explained(config, () => noteRepeat(config.store, order.orderId, note, networks[0]!));
    } else {
      const budget = config.delivery.checkoutBudgetMs;
      const outcomes = await Promise.all(records.map((record) => worker.sendHeld(record, budget)));
      records.forEach((record, index) => {
        const outcome = outcomes[index]!;
        results[record.network] =
          outcome.outcome === 'sent' ? { status: 'sent' } : { status: outcome.outcome, error: outcome.error };
      });
    }
  }
  if (records.length === 0) {
    const consent = consentAtCheckout(config, input.request);
    const kept = consent ? { ...note, consent } : note;
    await explained(config, () => keepDecision(config.store, order.orderId, kept, networks[0]!));
  }
  const duplicate = Object.values(results).some((result) => result?.status === 'duplicate');
  config.events.emit({
    type: 'conversion',
    orderId: order.orderId,
    reason: duplicate ? 'duplicate' : decision.reason,
    results: Object.fromEntries(
      Object.entries(results).flatMap(([network, result]) => (result ? [[network, result.status]] : [])),
    ),
  });
  return { orderId: order.orderId, decision, results, ...(config.testMode ? { test: true as const } : {}) };
}

// The explanation is kept best effort: a store that fails it costs `explainOrder` its answer for
// this order, never the checkout (which has its result already).
async function explained(config: ResolvedRelayConfig, keep: () => Promise<void>): Promise<void> {
  try {
    await keep();
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.explanation', error });
  }
}

async function attributionOf(config: ResolvedRelayConfig, input: ConversionInput): Promise<Attribution> {
  if (input.attribution === null) return { touches: [], source: 'none' };
  if (input.attribution !== undefined) return parseSavedAttribution(input.attribution);
  if (input.request) return readAttributionFrom(input.request, config.serverCookie);
  return { touches: [], source: 'none' };
}

// The attribution a hand-off names, or why nothing is credited from it. A store failure throws (StoreError):
// the caller's webhook fails and the platform retries, rather than an order skipped for good.
async function handoffAttribution(
  config: ResolvedRelayConfig,
  handoff: HandoffInput,
): Promise<Attribution | { refused: SkipReason; error?: HandoffError }> {
  const token = typeof handoff === 'object' && handoff !== null ? handoff.token : handoff;
  if (token === undefined || token === null || token === '') return { refused: 'handoff-missing' };
  try {
    return await resolveHandoff(config, handoff);
  } catch (error) {
    if (!isErrorNamed(error, 'HandoffError')) throw error;
    config.events.emit({
      type: 'warning',
      code: 'handoff-refused',
      message: `A hand-off was refused (${error.reason}): ${error.message}. Nothing is credited from it`,
    });
    return { refused: `handoff-${error.reason}`, error };
  }
}

function skipReason(
  network: NetworkId,
  attribution: Attribution,
  decision: AttributionDecision,
): SkipReason | undefined {
  if (decision.winners.some((touch) => touch.network === network)) return undefined;
  if (attribution.touches.length === 0) return 'no-attribution';
  if (decision.expired.some((touch) => touch.network === network)) return 'expired';
  if (decision.eligible.some((touch) => touch.network === network)) return 'not-selected';
  return 'no-touch';
}

type ParsedOrder = ReturnType<typeof orderInputSchema.parse>;

function toRecord(
  config: ResolvedRelayConfig,
  input: ConversionInput,
  order: ParsedOrder,
  attribution: Attribution,
  touch: Touch,
  now: number,
): DeliveryRecord {
  const base = {
    kind: 'order' as const,
    key: order.orderId,
    status: 'pending' as const,
    // Counted before it starts: after a crash mid-send, the next attempt asks Aflite's feed first.
    attempts: 1,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now,
  };
  const context = orderContext(input, config, {
    userAgent: attribution.userAgent,
    landingUrl: touch.landingUrl,
  });
  // The winners are of configured networks only (filtered above).
  const network = networkOf(config.networks, touch.network)!;
  const request = network.orderRequest({
    touch,
    order,
    userId: input.user?.id,
    visitorId: attribution.visitorId,
    userAgent: context.userAgent,
    currentUrl: context.currentUrl,
    clientIp: context.clientIp,
  });
  return { ...base, network: touch.network, request, ...(config.testMode ? { test: true as const } : {}) };
}

// A repeated order id: `duplicate` for each network that received the order, `skipped` for the others;
// a `warning` when the order now gives another amount or currency (it is still not sent again).
async function reportRepeated(
  config: ResolvedRelayConfig,
  order: ParsedOrder,
  networks: readonly NetworkId[],
  results: Partial<Record<NetworkId, NetworkResult>>,
): Promise<void> {
  // Unknown which networks received it (the store failed, or its deliveries are past retention and
  // only its key is left): `duplicate` for all, as before.
  const found = await config.store.list('order', order.orderId).catch(() => undefined);
  const known = found && found.length > 0 ? found : undefined;
  for (const network of networks) {
    const received = !known || known.some((record) => record.network === network);
    results[network] = received ? { status: 'duplicate' } : { status: 'skipped', reason: 'recorded-before' };
  }
  for (const record of known ?? []) {
    const before = networkOf(config.networks, record.network)?.orderOf?.(record.request);
    if (!before) continue;
    const currency = before.currency === undefined || before.currency === order.currency;
    if (before.subtotal === order.subtotal && currency) continue;
    const was = `${before.subtotal}${before.currency ? ` ${before.currency}` : ''}`;
    config.events.emit({
      type: 'warning',
      code: 'repeated-order',
      message: `Order ${order.orderId} was recorded before with ${was}, and now comes with ${order.subtotal} ${order.currency}: it is still a duplicate and nothing is sent again. A new order needs a new order id; a refund or a change of an order is a reversal (recordReversal).`,
    });
    return;
  }
}

async function createRecords(config: ResolvedRelayConfig, records: DeliveryRecord[]): Promise<boolean> {
  try {
    return await config.store.create(records);
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.create', error });
    throw new StoreError('The delivery store could not record the order: nothing was sent, try again', {
      cause: error,
    });
  }
}
