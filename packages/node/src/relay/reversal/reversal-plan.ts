import { ValidationError, type ValidationIssue } from '@affiliate-relay/core';
import { formatAdjustmentAmount } from '../../clients/avantlink/adjustment';
import type { ReversalInput } from './reversal-types';

/*
 * How much a reversal takes back, computed in whole cents (never floats): a full reversal by default
 * (what is left of the reported amount), a part with `amount` or with `items` (reported unit price
 * × quantity), and never more in total than what was reported. Pure: the relay gives it the order as
 * reported and the reversals already recorded.
 */

/** A line of the order as it was reported. */
export interface ReportedItem {
  parentSku: string;
  variantSku?: string | undefined;
  /** Unit price, as reported. */
  price: number;
  quantity: number;
}

/** The order as the relay reported it. */
export interface ReportedOrder {
  orderId: string;
  /** The amount reported (AvantLink's `order_amount_subtotal`). */
  subtotal: number;
  items?: readonly ReportedItem[] | undefined;
}

/** Items to reverse: a SKU of the reported order (its variant SKU, else its parent SKU), and how many. */
export type ReversalItemInput = NonNullable<ReversalInput['items']>[number];

/** A reversal already recorded for the order. */
export interface PriorReversal {
  /** In cents. */
  amountCents: number;
  items?: readonly { sku: string; quantity: number }[] | undefined;
}

/** A line of a planned reversal (for the returns file). */
export interface PlannedItem {
  sku: string;
  quantity: number;
  amountCents: number;
}

/** What one reversal takes back. */
export interface ReversalPlan {
  amountCents: number;
  /** The amount as a plain decimal with 2 decimals, as AvantLink takes it. */
  amount: string;
  /** Whether it takes back all that was left. */
  full: boolean;
  items?: PlannedItem[];
}

/**
 * @example
 * planReversal({ orderId: '12345', subtotal: 100 }, [{ amountCents: 4000 }], {}); // { amount: '60.00', full: true, … }
 */
export function planReversal(
  order: ReportedOrder,
  prior: readonly PriorReversal[],
  input: { amount?: number | string | undefined; items?: readonly ReversalItemInput[] | undefined },
): ReversalPlan {
  const reportedCents = toCents(order.subtotal);
  const reversedCents = prior.reduce((sum, reversal) => sum + reversal.amountCents, 0);
  const leftCents = Math.max(0, reportedCents - reversedCents);
  const issues: ValidationIssue[] = [];
  const items = input.items === undefined ? undefined : planItems(order, prior, input.items, issues);
  let amountCents: number;
  if (input.amount !== undefined) {
    const amount = formatAdjustmentAmount(input.amount, issues);
    amountCents = amount === '' ? 0 : toCents(amount);
  } else if (items !== undefined) {
    amountCents = items.reduce((sum, item) => sum + item.amountCents, 0);
  } else {
    amountCents = leftCents;
  }
  if (issues.length > 0) throw new ValidationError('reversal', issues);
  if (leftCents === 0) {
    throw new ValidationError('reversal', [
      {
        path: 'amount',
        message: `nothing is left to reverse on order ${order.orderId}: ${money(reportedCents)} reported, all of it reversed`,
      },
    ]);
  }
  if (amountCents > leftCents) {
    throw new ValidationError('reversal', [
      {
        path: input.amount !== undefined ? 'amount' : 'items',
        message: `${money(amountCents)} is more than what is left to reverse on order ${order.orderId}: ${money(leftCents)} left of ${money(reportedCents)} reported (${money(reversedCents)} reversed already)`,
      },
    ]);
  }
  if (amountCents <= 0) {
    throw new ValidationError('reversal', [
      { path: 'items', message: 'the items are worth nothing to reverse' },
    ]);
  }
  return {
    amountCents,
    amount: money(amountCents),
    full: amountCents === leftCents,
    ...(items ? { items } : {}),
  };
}

function planItems(
  order: ReportedOrder,
  prior: readonly PriorReversal[],
  wanted: readonly ReversalItemInput[],
  issues: ValidationIssue[],
): PlannedItem[] {
  if (!Array.isArray(wanted) || wanted.length === 0) {
    issues.push({ path: 'items', message: 'give at least one item, or leave items out' });
    return [];
  }
  const planned: PlannedItem[] = [];
  const taken = new Map<string, number>();
  for (const reversal of prior) {
    for (const item of reversal.items ?? []) taken.set(item.sku, (taken.get(item.sku) ?? 0) + item.quantity);
  }
  wanted.forEach((item, index) => {
    const at = `items.${index}`;
    const quantity = item?.quantity ?? 1;
    if (!Number.isSafeInteger(quantity) || quantity < 1) {
      issues.push({ path: `${at}.quantity`, message: 'must be a whole number above zero' });
      return;
    }
    const line =
      order.items?.find((reported) => (reported.variantSku ?? reported.parentSku) === item?.sku) ??
      order.items?.find((reported) => reported.parentSku === item?.sku);
    if (!line) {
      issues.push({
        path: `${at}.sku`,
        message: `order ${order.orderId} was reported without an item ${String(item?.sku)}`,
      });
      return;
    }
    const left = line.quantity - (taken.get(item.sku) ?? 0);
    if (quantity > left) {
      issues.push({
        path: `${at}.quantity`,
        message: `${quantity} is more than the ${left} of ${item.sku} left to reverse (${line.quantity} reported)`,
      });
      return;
    }
    taken.set(item.sku, (taken.get(item.sku) ?? 0) + quantity);
    planned.push({ sku: item.sku, quantity, amountCents: toCents(line.price) * quantity });
  });
  return planned;
}

/**
 * Whole cents of an amount (a number or a plain decimal string).
 *
 * @example
 * toCents(49.95); // 4995
 */
export function toCents(value: number | string): number {
  return Math.round(Number(value) * 100);
}

/**
 * A plain decimal with 2 decimals, from cents.
 *
 * @example
 * money(4995); // '49.95'
 */
export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}
