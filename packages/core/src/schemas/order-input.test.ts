import { describe, expect, it } from 'vitest';
import { orderInputSchema } from './order-input';

// PostgreSQL's jsonb refuses a lone surrogate (and NUL): an order holding one would fail with
// store_error on every try. The schema refuses it first, naming the field.

const order = {
  orderId: 'A-1001',
  subtotal: 100,
  currency: 'USD',
  couponCodes: ['free-shipping'],
  customer: { country: 'USA', state: 'UT' },
  items: [{ parentSku: 'TENT-2P', price: 100, quantity: 1 }],
};

function issuePaths(value: unknown): string[] {
  const result = orderInputSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('orderInputSchema refuses ill-formed UTF-16 (lone surrogates)', () => {
  it.each([
    ['orderId', { ...order, orderId: 'A-1\ud800' }],
    ['couponCodes.0', { ...order, couponCodes: ['SAVE\udc0010'] }],
    ['customer.state', { ...order, customer: { state: '\ud83dUT' } }],
    ['items.0.parentSku', { ...order, items: [{ ...order.items[0], parentSku: 'TENT\udfff' }] }],
    ['items.0.variantSku', { ...order, items: [{ ...order.items[0], variantSku: '\ud800' }] }],
  ])('in %s, naming it', (path, value) => {
    expect(issuePaths(value)).toEqual([path]);
  });

  it('anywhere inside an extra order or line-item field, naming the field (NUL too)', () => {
    expect(issuePaths({ ...order, extra: { note: { lines: ['ok', 'bad\ud800'] } } })).toEqual(['extra.note']);
    expect(issuePaths({ ...order, extra: { memo: 'a\u0000b' } })).toEqual(['extra.memo']);
    expect(issuePaths({ ...order, extra: { 'key\ud800': 'value' } })).toEqual(['extra.key\ud800']);
    const items = [{ ...order.items[0], colour: 'green\udc00' }];
    expect(issuePaths({ ...order, items })).toEqual(['items.0.colour']);
  });

  it('keeps well-formed text: emoji (surrogate pairs), accents, and line breaks inside extra fields', () => {
    const value = {
      ...order,
      orderId: 'A-1001-😀',
      customer: { state: 'Québec' },
      items: [{ ...order.items[0], label: 'Tent ⛺ 😀' }],
      extra: { note: 'line one\nline two', nested: { list: [1, true, null, 'é'] } },
    };
    expect(issuePaths(value)).toEqual([]);
  });
});
