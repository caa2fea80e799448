import { describe, expect, it } from 'vitest';
import { changeCart, priceCart, readCart, writeCart } from './cart';

describe('cart cookie', () => {
  it('reads lines with their totals and writes them back', () => {
    const cart = readCart('TENT-RL2-SAGE*2.PACK-DL22-STD*1');
    expect(cart.lines.map((line) => [line.variant.sku, line.quantity, line.lineTotal])).toEqual([
      ['TENT-RL2-SAGE', 2, 698],
      ['PACK-DL22-STD', 1, 89.95],
    ]);
    expect(cart.itemCount).toBe(3);
    expect(cart.total).toBe(787.95);
    expect(writeCart(cart)).toBe('TENT-RL2-SAGE*2.PACK-DL22-STD*1');
  });

  it('drops unknown SKUs, bad quantities and repeats, and caps a quantity at 9', () => {
    const cart = readCart('NOPE*1.TENT-RL2-SAGE*0.TENT-RL2-SAGE*x.PACK-DL22-STD*40.PACK-DL22-STD*1.<script>');
    expect(cart.lines.map((line) => [line.variant.sku, line.quantity])).toEqual([['PACK-DL22-STD', 9]]);
    expect(readCart(undefined).lines).toEqual([]);
  });

  it('adds to a line, sets a line, and removes a line at 0', () => {
    let cart = changeCart(readCart(undefined), 'SLEEP-CR-STD', 1);
    cart = changeCart(cart, 'SLEEP-CR-STD', 2);
    expect(writeCart(cart)).toBe('SLEEP-CR-STD*3');
    cart = changeCart(cart, 'SLEEP-CR-STD', 1, true);
    expect(writeCart(cart)).toBe('SLEEP-CR-STD*1');
    expect(writeCart(changeCart(cart, 'SLEEP-CR-STD', 0, true))).toBe('');
  });
});

describe('priceCart', () => {
  const cart = readCart('TENT-RL2-EMBER*2.PACK-SW45-L*1');

  it('takes TRAIL10 off the subtotal, whatever its case', () => {
    expect(priceCart(cart, ' trail10 ')).toEqual({
      itemsTotal: 887,
      couponCode: 'TRAIL10',
      discount: 88.7,
      subtotal: 798.3,
    });
  });

  it('keeps an unknown code without a discount, and no code at all when blank', () => {
    expect(priceCart(cart, 'SUMMER')).toMatchObject({ couponCode: 'SUMMER', discount: 0, subtotal: 887 });
    expect(priceCart(cart, '  ')).toMatchObject({ couponCode: undefined, subtotal: 887 });
  });

  it('keeps amounts in whole cents', () => {
    const pads = readCart('SLEEP-CR-STD*3');
    expect(pads.total).toBe(389.85);
    // 10 % of 389.85 is 38.985: rounded to the cent, and the subtotal follows.
    expect(priceCart(pads, 'TRAIL10')).toMatchObject({ discount: 38.99, subtotal: 350.86 });
  });
});
