import {
  AVANTLINK_ADJUSTMENT_TYPES,
  ConfigError,
  RelayClosedError,
  StoreError,
  ValidationError,
} from '@affiliate-relay/core';
import { type ReturnsFileRow, toReturnsFileCsv } from '../../clients/avantlink/returns-file';
import type { DeliveryRecord, ReversalRequest } from '../../delivery/contract';
import { networkOf, type ReversalSupport } from '../../delivery/network';
import type { RelayInternals } from '../internals';
import { money, type PriorReversal, planReversal, toCents } from './reversal-plan';
import type { ReturnsFileRequest, ReversalInput, ReversalResult } from './reversal-types';

// Reversals of one order are keyed `{orderId}#1`, `#2`…: the store's unique key makes the next
// number a lock, so two reversals of one order at once (two servers) never both pass the total.
const MAX_REVERSALS_PER_ORDER = 100;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Records the reversal of an order's commission and sends it (see `Relay.recordReversal`).
 */
export async function recordReversal(relay: RelayInternals, input: ReversalInput): Promise<ReversalResult> {
  if (relay.closed) throw new RelayClosedError('recordReversal');
  const { config } = relay;
  checkInput(input);
  const { reversalId, orderId } = input;
  const orders = await storeCall(relay, 'list', () => config.store.list('order', orderId));
  const reported = orders.filter((record) => record.status !== 'failed');
  if (reported.length === 0) {
    throw new ValidationError('reversal', [
      {
        path: 'orderId',
        message: `order ${orderId} was not reported by this relay (or it was refused, or is past the retention period)`,
      },
    ]);
  }
  const result: ReversalResult = { reversalId, orderId, results: {} };
  // Each network that reported the order says whether it takes reversals.
  const reversible: { order: DeliveryRecord; support: ReversalSupport; name: string }[] = [];
  for (const order of reported) {
    const network = networkOf(config.networks, order.network);
    if (!network) continue;
    if ('unsupported' in network.reversal) {
      result.results[order.network] = { status: 'unsupported', reason: network.reversal.unsupported };
    } else reversible.push({ order, support: network.reversal, name: network.name });
  }
  if (reversible.length === 0) return result;
  const waiting = reversible.find(({ order }) => order.status === 'pending');
  if (waiting) {
    throw new ValidationError('reversal', [
      {
        path: 'orderId',
        message: `order ${orderId} is not reported to ${waiting.name} yet (its delivery is pending): reverse it once it is sent`,
      },
    ]);
  }
  for (const { support } of reversible) support.checkReady();
  const now = Date.now();
  for (let tries = 0; tries < 5; tries++) {
    const prior = await priorReversals(relay, orderId);
    const same = prior.records.filter((record) => record.request.reversalId === reversalId);
    if (same.length > 0) {
      for (const record of same) result.results[record.network] = { status: 'duplicate' };
      return { ...result, amount: same[0]!.request.amount };
    }
    const lock = {
      // Held by this call for its one attempt: the worker must not send it at the same time.
      lockedUntil: Date.now() + config.lockMs,
      lockToken: globalThis.crypto.randomUUID(),
      owner: relay.owner,
    };
    const planned = reversible.map(({ order, support }) => {
      const plan = planReversal(
        { orderId, ...support.orderAmounts(order.request) },
        prior.records
          .filter((record) => record.network === order.network && countsAgainstTotal(record))
          .map(toPrior),
        input,
      );
      const request: ReversalRequest = {
        reversalId,
        orderId,
        amount: plan.amount,
        type: input.type,
        orderedAt: order.createdAt,
        ...(plan.items
          ? {
              items: plan.items.map((item) => ({
                sku: item.sku,
                quantity: item.quantity,
                amount: money(item.amountCents),
              })),
            }
          : {}),
      };
      const record: ReversalRecord = {
        kind: 'reversal',
        key: `${orderId}#${prior.keys + 1}`,
        network: order.network,
        status: 'pending',
        // Counted before it starts, as the stores count a claim.
        attempts: 1,
        createdAt: now,
        updatedAt: now,
        nextAttemptAt: now,
        request,
        ...lock,
        ...(config.testMode ? { test: true as const } : {}),
      };
      return { plan, record };
    });
    const records = planned.map(({ record }) => record);
    if (!(await storeCall(relay, 'create', () => config.store.create(records)))) continue; // another took #n
    // Not cut at the checkout budget: a call cut mid-way may have been applied, and then it could
    // never be sent again. Its one attempt ends with the client's timeout, before the lock lapses.
    const outcomes = await Promise.all(records.map((record) => relay.worker.sendHeld(record, config.lockMs)));
    result.amount = planned[0]!.plan.amount;
    records.forEach((record, index) => {
      const outcome = outcomes[index]!;
      result.results[record.network] =
        outcome.outcome === 'sent' ? { status: 'sent' } : { status: outcome.outcome, error: outcome.error };
    });
    return result;
  }
  throw new StoreError(
    `The reversal ${reversalId} could not be recorded: order ${orderId} kept changing, try again`,
  );
}

/**
 * The batch returns CSV of the reversals recorded in a period (see `Relay.returnsFile`).
 */
export async function returnsFile(relay: RelayInternals, request: ReturnsFileRequest): Promise<string> {
  const { config } = relay;
  if (!config.reversals) {
    throw new ConfigError(
      "returnsFile needs avantlink.adjustments (its integer merchant id is the file's Merchant ID)",
    );
  }
  const from = toTime(request?.from);
  const to = toTime(request?.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) {
    throw new ValidationError('returns file', [
      { path: 'period', message: 'from and to must be dates, from before to' },
    ]);
  }
  if (!config.store.listCreated) {
    throw new ConfigError(
      'returnsFile needs a delivery store with listCreated (every store of the package has it)',
    );
  }
  const listCreated = config.store.listCreated.bind(config.store);
  const records = await storeCall(relay, 'listCreated', () => listCreated('reversal', from, to));
  const rows: ReturnsFileRow[] = [];
  for (const record of records) {
    if (record.kind !== 'reversal') continue;
    if (request.include === 'unsent' && record.status === 'sent') continue;
    const { orderId, items, amount, type } = record.request;
    if (items && items.length > 0) {
      for (const item of items)
        rows.push({ orderId, sku: item.sku, amount: item.amount, quantity: item.quantity, reasonCode: type });
    } else {
      rows.push({ orderId, amount, quantity: 1, reasonCode: type });
    }
  }
  return toReturnsFileCsv(rows, { merchantId: config.reversals.merchantId });
}

type ReversalRecord = Extract<DeliveryRecord, { kind: 'reversal' }>;

// The order's reversals so far (one record per network under each key `#n`), and how many keys.
async function priorReversals(
  relay: RelayInternals,
  orderId: string,
): Promise<{ records: ReversalRecord[]; keys: number }> {
  const records: ReversalRecord[] = [];
  for (let n = 1; n <= MAX_REVERSALS_PER_ORDER; n++) {
    const found = await storeCall(relay, 'list', () =>
      relay.config.store.list('reversal', `${orderId}#${n}`),
    );
    if (found.length === 0) return { records, keys: n - 1 };
    for (const record of found) if (record.kind === 'reversal') records.push(record);
  }
  throw new ValidationError('reversal', [
    { path: 'orderId', message: `order ${orderId} has ${MAX_REVERSALS_PER_ORDER} reversals already` },
  ]);
}

// A reversal AvantLink refused took nothing back; one that may have been applied counts.
function countsAgainstTotal(record: ReversalRecord): boolean {
  return record.status !== 'failed' || record.lastError?.code === 'delivery_ambiguous';
}

function toPrior(record: ReversalRecord): PriorReversal {
  return {
    amountCents: toCents(record.request.amount),
    items: record.request.items?.map((item) => ({ sku: item.sku, quantity: item.quantity })),
  };
}

function checkInput(input: ReversalInput): void {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('reversal', [{ path: '', message: 'an object is expected' }]);
  }
  const issues = [];
  for (const key of ['reversalId', 'orderId'] as const) {
    const value = input[key];
    if (typeof value !== 'string' || value === '' || value.length > 128 || CONTROL_CHARACTERS.test(value)) {
      issues.push({ path: key, message: 'must be 1 to 128 characters, no control characters' });
    }
  }
  if (!(AVANTLINK_ADJUSTMENT_TYPES as readonly unknown[]).includes(input.type)) {
    issues.push({ path: 'type', message: `must be one of ${AVANTLINK_ADJUSTMENT_TYPES.join(', ')}` });
  }
  if (issues.length > 0) throw new ValidationError('reversal', issues);
}

async function storeCall<T>(relay: RelayInternals, operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    relay.config.events.emit({ type: 'relay-error', operation: `store.${operation}`, error });
    throw new StoreError('The delivery store could not record the reversal: nothing was sent, try again', {
      cause: error,
    });
  }
}

function toTime(value: Date | number | undefined): number {
  return value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
}
