import { ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { money, planReversal, toCents } from './reversal-plan';

const ORDER = {
  orderId: '12345',
  subtotal: 129.97,
  items: [
    { parentSku: 'TENT', variantSku: 'TENT-GRN', price: 99.99, quantity: 1 },
    { parentSku: 'STAKE', price: 9.99, quantity: 3 },
  ],
};

function issueOf(run: () => unknown): { path: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues[0]!;
  }
  throw new Error('expected a ValidationError');
}

describe('planReversal', () => {
  it('reverses all that was reported by default', () => {
    expect(planReversal(ORDER, [], {})).toEqual({ amountCents: 12997, amount: '129.97', full: true });
  });

  it('reverses what is left after earlier reversals, by default', () => {
    expect(planReversal(ORDER, [{ amountCents: 2997 }], {})).toMatchObject({ amount: '100.00', full: true });
  });

  it('takes a part with amount', () => {
    expect(planReversal(ORDER, [], { amount: 30 })).toEqual({
      amountCents: 3000,
      amount: '30.00',
      full: false,
    });
    expect(planReversal(ORDER, [], { amount: '0.1' })).toMatchObject({ amountCents: 10 });
  });

  it('prices items from the reported lines (variant SKU, else parent SKU)', () => {
    expect(planReversal(ORDER, [], { items: [{ sku: 'TENT-GRN' }, { sku: 'STAKE', quantity: 2 }] })).toEqual({
      amountCents: 9999 + 1998,
      amount: '119.97',
      full: false,
      items: [
        { sku: 'TENT-GRN', quantity: 1, amountCents: 9999 },
        { sku: 'STAKE', quantity: 2, amountCents: 1998 },
      ],
    });
    expect(planReversal(ORDER, [], { items: [{ sku: 'TENT' }] }).amount).toBe('99.99');
  });

  it('refuses more than what is left, saying how much is left', () => {
    expect(issueOf(() => planReversal(ORDER, [{ amountCents: 10000 }], { amount: 30 }))).toEqual({
      path: 'amount',
      message:
        '30.00 is more than what is left to reverse on order 12345: 29.97 left of 129.97 reported (100.00 reversed already)',
    });
  });

  it('refuses a reversal once everything was reversed', () => {
    expect(issueOf(() => planReversal(ORDER, [{ amountCents: 12997 }], {})).message).toMatch(
      /nothing is left to reverse on order 12345/,
    );
  });

  it('refuses more items than reported, counting earlier item reversals', () => {
    const prior = [{ amountCents: 1998, items: [{ sku: 'STAKE', quantity: 2 }] }];
    expect(issueOf(() => planReversal(ORDER, prior, { items: [{ sku: 'STAKE', quantity: 2 }] }))).toEqual({
      path: 'items.0.quantity',
      message: '2 is more than the 1 of STAKE left to reverse (3 reported)',
    });
    expect(planReversal(ORDER, prior, { items: [{ sku: 'STAKE' }] }).amount).toBe('9.99');
  });

  it('refuses an item the order was not reported with, and a bad amount', () => {
    expect(issueOf(() => planReversal(ORDER, [], { items: [{ sku: 'BOOT' }] }))).toEqual({
      path: 'items.0.sku',
      message: 'order 12345 was reported without an item BOOT',
    });
    expect(issueOf(() => planReversal(ORDER, [], { amount: '$5' })).path).toBe('amount');
    expect(issueOf(() => planReversal(ORDER, [], { amount: 0 })).path).toBe('amount');
    expect(issueOf(() => planReversal(ORDER, [], { items: [] })).path).toBe('items');
  });

  it('counts in cents: 0.1 + 0.2 of 0.30 leaves nothing, not a float crumb', () => {
    const order = { orderId: 'x', subtotal: 0.3 };
    const prior = [{ amountCents: toCents(0.1) }, { amountCents: toCents(0.2) }];
    expect(issueOf(() => planReversal(order, prior, {})).message).toMatch(/nothing is left/);
    expect(money(toCents(0.1 + 0.2))).toBe('0.30');
  });
});
