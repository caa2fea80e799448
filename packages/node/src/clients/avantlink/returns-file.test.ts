import { DAY_MS, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { AVANTLINK_ADJUSTMENT_PAGE as PAGE } from '../../../../../tooling/spec-examples';
import { toReturnsFileCsv } from './returns-file';

const lines = (csv: string) => csv.split('\r\n');

function issuesOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.fromEntries((error as ValidationError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error('expected a ValidationError');
}

describe('toReturnsFileCsv', () => {
  it("starts with AvantLink's header row, in its column order, and ends every line with CRLF", () => {
    const csv = toReturnsFileCsv([], { merchantId: 12345 });
    expect(csv).toBe(`${PAGE.returnsFileHeader}\r\n`);
  });

  it('writes one row per return, amounts as plain decimals, quantity 1 by default', () => {
    const csv = toReturnsFileCsv(
      [
        { orderId: '12345', sku: 'TENT-2', amount: 49.9, quantity: 2, reasonCode: 'RETURN' },
        { orderId: '12346', amount: 1200.5 },
        { orderId: '12347', amount: '7.25', reasonCode: 'CANCELED' },
      ],
      { merchantId: '12345' },
    );
    expect(lines(csv)).toEqual([
      PAGE.returnsFileHeader,
      '12345,12345,TENT-2,49.90,2,RETURN',
      '12345,12346,,1200.50,1,',
      '12345,12347,,7.25,1,CANCELED',
      '',
    ]);
    expect(csv).not.toMatch(/[$]|\d,\d{3}\./);
  });

  it('quotes fields with a comma, a quote, a line break or an edge space, doubling quotes (RFC 4180)', () => {
    const csv = toReturnsFileCsv(
      [
        { orderId: 'A,1', sku: 'say "hi"', amount: 1 },
        { orderId: 'B\n2', sku: ' padded', amount: 1, reasonCode: 'x\r\ny' },
      ],
      { merchantId: 1 },
    );
    expect(lines(csv).slice(1).join('\r\n')).toBe(
      '1,"A,1","say ""hi""",1.00,1,\r\n1,"B\n2"," padded",1.00,1,"x\r\ny"\r\n',
    );
  });

  it('refuses bad rows, naming each field, and writes nothing', () => {
    expect(
      issuesOf(() =>
        toReturnsFileCsv(
          [
            { orderId: 'ok', amount: 1 },
            { orderId: '', amount: '$5', quantity: 0 },
            { orderId: 'x', amount: 10.555, quantity: 1.5, sku: 7 as never },
          ],
          { merchantId: '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91' },
        ),
      ),
    ).toEqual({
      merchantId: 'must be the integer merchant id of the legacy API (not the UUID)',
      'rows.1.orderId': 'the order number is required',
      'rows.1.amount': 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)',
      'rows.1.quantity': 'must be a whole number above zero',
      'rows.2.amount': 'must have at most 2 decimals',
      'rows.2.quantity': 'must be a whole number above zero',
      'rows.2.sku': 'must be text',
    });
  });

  it('refuses a sale older than 30 days (AvantLink takes none), and takes one of exactly 30', () => {
    const now = Date.UTC(2026, 10, 28);
    const row = (days: number) => ({
      orderId: `O-${days}`,
      amount: 1,
      soldAt: new Date(now - days * DAY_MS),
    });
    expect(lines(toReturnsFileCsv([row(30)], { merchantId: 1, now }))[1]).toBe('1,O-30,,1.00,1,');
    expect(issuesOf(() => toReturnsFileCsv([row(30), row(31)], { merchantId: 1, now }))).toEqual({
      'rows.1.soldAt': 'sold more than 30 days ago: AvantLink takes returns within 30 days of the sale',
    });
    expect(
      issuesOf(() => toReturnsFileCsv([{ orderId: 'x', amount: 1, soldAt: Number.NaN }], { merchantId: 1 })),
    ).toEqual({
      'rows.0.soldAt': 'must be a date',
    });
  });
});
