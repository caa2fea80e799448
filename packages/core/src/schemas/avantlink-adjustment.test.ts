import { describe, expect, it } from 'vitest';
import { AVANTLINK_ADJUSTMENT_PAGE as PAGE } from '../../../../tooling/spec-examples';
import {
  AVANTLINK_ADJUSTMENT_API,
  AVANTLINK_ADJUSTMENT_DAILY_LIMIT,
  AVANTLINK_ADJUSTMENT_PARAMS,
  AVANTLINK_ADJUSTMENT_TYPES,
  AVANTLINK_AUTH_KEY_LENGTH,
  AVANTLINK_RETURNS_FILE_COLUMNS,
  AVANTLINK_RETURNS_FILE_DAYS,
} from '../avantlink-adjustment-wire';
import { avantLinkAdjustmentParamsSchema } from './avantlink-adjustment';

const VALID = {
  module: 'MerchantTransactionAdjustment',
  auth_key: '0123456789abcdef0123456789abcdef',
  merchant_id: '12345',
  transaction_id: 'ORD-1001',
  adjustment_amount: '49.95',
  adjustment_type: 'RETURN',
};

function issuesOf(value: unknown): Record<string, string> {
  const result = avantLinkAdjustmentParamsSchema.safeParse(value);
  expect(result.success).toBe(false);
  return Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('the adjustment wire constants hold to the page', () => {
  it('names the module, the parameters, the types and the limits as the page does', () => {
    expect(AVANTLINK_ADJUSTMENT_API.module).toBe(PAGE.module);
    expect(Object.values(AVANTLINK_ADJUSTMENT_PARAMS)).toEqual(PAGE.parameters);
    expect(AVANTLINK_ADJUSTMENT_TYPES.join(' | ')).toBe(PAGE.adjustmentTypes);
    expect(AVANTLINK_ADJUSTMENT_DAILY_LIMIT).toBe(PAGE.requestsPerDay);
    expect(AVANTLINK_AUTH_KEY_LENGTH).toBe(PAGE.authKeyLength);
    expect(AVANTLINK_RETURNS_FILE_COLUMNS.join(',')).toBe(PAGE.returnsFileHeader);
    expect(AVANTLINK_RETURNS_FILE_DAYS).toBe(PAGE.returnsFileDays);
  });

  it('defaults to https, the only scheme the page allows', () => {
    expect(new URL(AVANTLINK_ADJUSTMENT_API.url).protocol).toBe('https:');
  });
});

describe('avantLinkAdjustmentParamsSchema', () => {
  it('accepts the documented parameters, each type', () => {
    for (const type of AVANTLINK_ADJUSTMENT_TYPES) {
      expect(avantLinkAdjustmentParamsSchema.parse({ ...VALID, adjustment_type: type })).toEqual({
        ...VALID,
        adjustment_type: type,
      });
    }
  });

  it.each([
    ['$49.95', 'must be a plain decimal (no $ and no ,)'],
    ['1,000', 'must be a plain decimal (no $ and no ,)'],
    ['-5', 'must be a plain decimal (no $ and no ,)'],
    ['1e3', 'must be a plain decimal (no $ and no ,)'],
    ['0', 'must be above zero'],
    ['0.00', 'must be above zero'],
  ])('refuses adjustment_amount %s', (amount, message) => {
    expect(issuesOf({ ...VALID, adjustment_amount: amount })).toEqual({ adjustment_amount: message });
  });

  it('refuses a type outside the list, in any case', () => {
    expect(Object.keys(issuesOf({ ...VALID, adjustment_type: 'return' }))).toEqual(['adjustment_type']);
    expect(Object.keys(issuesOf({ ...VALID, adjustment_type: 'REFUND' }))).toEqual(['adjustment_type']);
  });

  it('refuses a UUID as merchant_id, and an auth_key that is not 32 characters', () => {
    expect(
      issuesOf({ ...VALID, merchant_id: '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91', auth_key: 'short' }),
    ).toEqual({
      merchant_id: 'must be the integer merchant id (not the UUID)',
      auth_key: 'must be the 32-character auth_key',
    });
    expect(Object.keys(issuesOf({ ...VALID, auth_key: `${VALID.auth_key}0` }))).toEqual(['auth_key']);
  });

  it('names every missing parameter', () => {
    expect(Object.keys(issuesOf({})).sort()).toEqual(['module', ...PAGE.parameters].sort());
  });
});
