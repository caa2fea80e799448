import { ValidationError } from '@affiliate-relay/core';

// Stripe's currencies whose amounts are in the major unit, and those with three decimals (stripe.com/docs/currencies).
const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
const THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

/**
 * An amount in Stripe's smallest unit (cents) in the major unit the networks take (19.99), for a currency.
 *
 * @example
 * fromMinorUnits(1999, 'USD'); // 19.99
 */
export function fromMinorUnits(amount: unknown, currency: string, path: string): number {
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
    throw new ValidationError('order', [
      { path, message: 'must be a whole number of the smallest unit, 0 or more' },
    ]);
  }
  const decimals = ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
  return Number((amount / 10 ** decimals).toFixed(decimals));
}

const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A decimal amount as Shopify and PayPal write it (`"199.00"`) as a number. A value that is no plain decimal
 * (`"$1,000"`, `""`) is refused: Aflite's `value` takes nothing else.
 *
 * @example
 * fromDecimal('199.00', 'subtotal_price'); // 199
 */
export function fromDecimal(value: unknown, path: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL.test(text.trim())) {
    throw new ValidationError('order', [
      { path, message: 'must be a plain decimal amount, such as "19.99"' },
    ]);
  }
  return Number(text.trim());
}

/** Two amounts' difference, rounded to cents (never below 0). */
export function minus(amount: number, less: number): number {
  return Math.max(0, Math.round((amount - less) * 1000) / 1000);
}

/** An ISO 4217 code in capitals, from a platform's spelling (`usd`, `USD`). */
export function currencyCode(value: unknown, path: string): string {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new ValidationError('order', [{ path, message: 'must be an ISO 4217 currency code, such as usd' }]);
  }
  return code;
}
