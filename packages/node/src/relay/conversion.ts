import {
  AffiliateRelayError,
  type AttributionDecision,
  type NetworkId,
  selectAttribution,
  type Touch,
  ValidationError,
} from '@affiliate-relay/core';
import type { orderInputSchema } from '@affiliate-relay/core/schemas';
import { toOrderBody } from '../clients/avantlink/body';
import { looksLikeEmail } from '../clients/hash-identifier';
import { loadSchemas } from '../lazy-schemas';
import { type Attribution, parseSavedAttribution, readAttributionFrom } from './attribution';
import type { ConversionInput, ConversionResult, NetworkResult, SkipReason } from './conversion-types';
import type { DeliveryQueue } from './delivery-queue';
import type { DeliveryRecord } from './delivery-store';
import { orderContext } from './order-context';
import type { ResolvedRelayConfig } from './resolve-config';

/**
 * Credits an order to the network(s) that earned it and reports it. See `Relay.recordConversion`.
 * Bad input throws (ValidationError) before anything is recorded or sent; a network that fails
 * never throws: its result says `queued` or `failed`.
 */
export async function recordConversion(
  config: ResolvedRelayConfig,
  queue: DeliveryQueue,
  input: ConversionInput,
): Promise<ConversionResult> {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('conversion', [{ path: '', message: 'an object with an order is expected' }]);
  }
  const { parseOrThrow, orderInputSchema } = await loadSchemas();
  const order = parseOrThrow(orderInputSchema, input.order, 'order');
  const userId = input.user?.id;
  if (userId !== undefined && (typeof userId !== 'string' || looksLikeEmail(userId))) {
    throw new ValidationError('user', [
      { path: 'user.id', message: 'must be an internal id, never an email: hash it with hashIdentifier()' },
    ]);
  }
  const attribution = await attributionOf(config, input);
  const now = input.now ?? Date.now();
  const touches = attribution.touches.filter((touch) => config.networks.includes(touch.network));
  const decision = selectAttribution(touches, { policy: config.policy, windows: config.windows, now });
  const results: Partial<Record<NetworkId, NetworkResult>> = {};
  for (const network of config.networks) {
    const reason = skipReason(network, attribution, decision);
    if (reason) results[network] = { status: 'skipped', reason };
  }
  const records = decision.winners.map((touch) => toRecord(config, input, order, attribution, touch, now));
  if (records.length > 0) {
    if (!(await createRecords(config, order.orderId, records))) {
      for (const network of config.networks) results[network] = { status: 'duplicate' };
    } else {
      const outcomes = await Promise.all(records.map((record) => queue.deliver(record)));
      records.forEach((record, index) => {
        const outcome = outcomes[index]!;
        results[record.network] =
          outcome.outcome === 'sent' ? { status: 'sent' } : { status: outcome.outcome, error: outcome.error };
      });
    }
  }
  const duplicate = Object.values(results).some((result) => result?.status === 'duplicate');
  config.events.emit({
    type: 'conversion',
    orderId: order.orderId,
    reason: duplicate ? 'duplicate' : decision.reason,
    results: Object.fromEntries(Object.entries(results).map(([network, result]) => [network, result.status])),
  });
  return { orderId: order.orderId, decision, results };
}

async function attributionOf(config: ResolvedRelayConfig, input: ConversionInput): Promise<Attribution> {
  if (input.attribution !== undefined) return parseSavedAttribution(input.attribution);
  if (input.request) return readAttributionFrom(input.request, config.serverCookie);
  return { touches: [], source: 'none' };
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
    orderId: order.orderId,
    status: 'pending' as const,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    nextAttemptAt: now,
    // Held by this call while it sends: the redelivery timer must not send it at the same time.
    lockedUntil: Date.now() + config.lockMs,
  };
  if (touch.network === 'aflite') {
    const aflite = config.aflite!;
    const request = {
      clickSessionId: touch.clickId,
      goalId: aflite.goalId,
      merchantRef: order.orderId,
      value: order.subtotal,
      ...(aflite.traceOnly ? { traceOnly: true } : {}),
    };
    return { ...base, network: 'aflite', request };
  }
  const context = orderContext(input, config);
  const request = {
    avad: touch.clickId,
    userIds: input.user?.id ? [input.user.id] : [],
    visitorIds: attribution.visitorId ? [attribution.visitorId] : [],
    userAgent: context.userAgent,
    currentUrl: context.currentUrl,
    ...(touch.gclid ? { googleClickId: touch.gclid } : {}),
    ...(context.clientIp ? { userIpAddress: context.clientIp } : {}),
    order,
  };
  // Checked now, so that a body AvantLink would refuse throws before anything is recorded.
  toOrderBody(request);
  return { ...base, network: 'avantlink', request };
}

async function createRecords(
  config: ResolvedRelayConfig,
  orderId: string,
  records: DeliveryRecord[],
): Promise<boolean> {
  try {
    return await config.store.create(orderId, records);
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.create', error });
    throw new AffiliateRelayError(
      'store_error',
      'The delivery store could not record the order: nothing was sent, try again',
      { cause: error },
    );
  }
}
