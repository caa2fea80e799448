import { ConfigError, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { AVANTLINK_ADJUSTMENT_PAGE as PAGE } from '../../../../../tooling/spec-examples';
import { loadSchemas } from '../../lazy-schemas';
import {
  adjustmentRequest,
  formatAdjustmentAmount,
  readAdjustmentAnswer,
  resolveAdjustmentConfig,
  toAdjustmentParams,
} from './adjustment';

const KEY = '0123456789abcdef0123456789abcdef';
// The final check is core's zod schema, loaded on first use as in the client.
await loadSchemas();

const config = resolveAdjustmentConfig({ authKey: KEY, merchantId: 12345 })!;

function issuesOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return Object.fromEntries((error as ValidationError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error('expected a ValidationError');
}

describe('resolveAdjustmentConfig', () => {
  it('is undefined without the option (adjustOrder then refuses), and defaults to the https form transport', () => {
    expect(resolveAdjustmentConfig(undefined)).toBeUndefined();
    expect(config).toEqual({
      authKey: KEY,
      merchantId: '12345',
      url: 'https://classic.avantlink.com/api.php',
      transport: 'form',
    });
  });

  it('names the missing credential when only one is given', () => {
    expect(() => resolveAdjustmentConfig({ authKey: KEY } as never)).toThrow(
      /adjustments\.merchantId is missing/,
    );
    expect(() => resolveAdjustmentConfig({ merchantId: 12345 } as never)).toThrow(
      /adjustments\.authKey is missing/,
    );
    expect(() => resolveAdjustmentConfig({ merchantId: 12345 } as never)).toThrow(ConfigError);
  });

  it('refuses the S2S UUID as merchantId, and a key that is not 32 characters, without echoing it', () => {
    const uuid = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
    expect(() => resolveAdjustmentConfig({ authKey: KEY, merchantId: uuid })).toThrow(/not the UUID/);
    for (const merchantId of [0, -3, 1.5, '12a']) {
      expect(() => resolveAdjustmentConfig({ authKey: KEY, merchantId })).toThrow(ConfigError);
    }
    const error = (() => {
      try {
        resolveAdjustmentConfig({ authKey: 'my-secret-short-key', merchantId: 1 });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/32-character auth_key/);
    expect(error?.message).not.toContain('my-secret-short-key');
  });

  it('takes https anywhere, http only on loopback or when explicitly allowed', () => {
    expect(
      resolveAdjustmentConfig({ authKey: KEY, merchantId: 1, url: 'https://legacy.example/api.php/' })?.url,
    ).toBe('https://legacy.example/api.php');
    for (const url of [
      'http://127.0.0.1:4000/api.php',
      'http://localhost/api.php',
      'http://[::1]:80/api.php',
    ]) {
      expect(resolveAdjustmentConfig({ authKey: KEY, merchantId: 1, url })?.url).toBe(
        url.replace(':80/', '/'),
      );
    }
    expect(() =>
      resolveAdjustmentConfig({ authKey: KEY, merchantId: 1, url: 'http://classic.avantlink.com/api.php' }),
    ).toThrow(/https only/);
    expect(
      resolveAdjustmentConfig({
        authKey: KEY,
        merchantId: 1,
        url: 'http://fake.test/api.php',
        allowInsecureHttp: true,
      })?.url,
    ).toBe('http://fake.test/api.php');
    expect(() =>
      resolveAdjustmentConfig({ authKey: KEY, merchantId: 1, url: 'https://x.test/api.php?auth_key=1' }),
    ).toThrow(ConfigError);
  });

  it("refuses a transport other than 'form' or 'query'", () => {
    expect(() =>
      resolveAdjustmentConfig({ authKey: KEY, merchantId: 1, transport: 'json' as never }),
    ).toThrow(/transport/);
  });
});

describe('toAdjustmentParams: the wire names of the page', () => {
  it('maps every SDK name to its documented parameter', () => {
    const params = toAdjustmentParams(config, { orderId: 'ORD-1001', amount: 49.95, type: 'RETURN' });
    expect(params).toEqual({
      module: PAGE.module,
      auth_key: KEY,
      merchant_id: '12345',
      transaction_id: 'ORD-1001',
      adjustment_amount: '49.95',
      adjustment_type: 'RETURN',
    });
    expect(Object.keys(params).slice(1)).toEqual(PAGE.parameters);
  });

  it('takes each documented type', () => {
    for (const type of PAGE.adjustmentTypes.split(' | ')) {
      expect(
        toAdjustmentParams(config, { orderId: 'O', amount: 1, type: type as never }).adjustment_type,
      ).toBe(type);
    }
  });

  it('names every bad field before sending', () => {
    expect(
      issuesOf(() => toAdjustmentParams(config, { orderId: '', amount: '$5', type: 'REFUND' as never })),
    ).toEqual({
      orderId: 'the order number is required',
      amount: 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)',
      type: 'must be one of ADJUSTMENT, CANCELED, FRAUD, RETURN',
    });
    expect(issuesOf(() => toAdjustmentParams(config, null as never))).toEqual({
      '': 'an object is expected',
    });
  });

  it('refuses control characters in the order number (the wire schema)', () => {
    expect(
      Object.keys(issuesOf(() => toAdjustmentParams(config, { orderId: 'a\nb', amount: 1, type: 'RETURN' }))),
    ).toEqual(['transaction_id']);
  });
});

describe('formatAdjustmentAmount', () => {
  it.each([
    [49.95, '49.95'],
    [10.5, '10.50'],
    [5, '5.00'],
    [0.1 + 0.2, '0.30'],
    ['49.95', '49.95'],
    ['5', '5'],
    ['0.01', '0.01'],
  ])('%s → %s', (amount, expected) => {
    const issues: never[] = [];
    expect(formatAdjustmentAmount(amount, issues)).toBe(expected);
    expect(issues).toEqual([]);
  });

  it.each([
    [0, 'must be a finite amount above zero'],
    [-1, 'must be a finite amount above zero'],
    [Number.NaN, 'must be a finite amount above zero'],
    [Number.POSITIVE_INFINITY, 'must be a finite amount above zero'],
    [10.555, 'must have at most 2 decimals'],
    ['10.555', 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)'],
    ['1,000.00', 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)'],
    ['$5', 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)'],
    [' 5', 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)'],
    ['1e3', 'must be a plain decimal with at most 2 decimals (no $, no , and no sign)'],
    ['0.00', 'must be above zero'],
    [undefined, 'must be a number or a plain decimal string'],
  ])('refuses %s: %s', (amount, message) => {
    const issues: { path: string; message: string }[] = [];
    expect(formatAdjustmentAmount(amount, issues)).toBe('');
    expect(issues).toEqual([{ path: 'amount', message }]);
  });
});

describe('adjustmentRequest', () => {
  const params = toAdjustmentParams(config, { orderId: 'ORD 1&2', amount: '5', type: 'CANCELED' });

  it('POSTs a form body by default: the auth key is not in the URL', () => {
    const spec = adjustmentRequest(config, params, 'shop/1');
    expect(spec).toMatchObject({
      method: 'POST',
      url: 'https://classic.avantlink.com/api.php',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'shop/1' },
    });
    expect(spec.url).not.toContain(KEY);
    expect(Object.fromEntries(new URLSearchParams(spec.body))).toEqual(params);
  });

  it("GETs with a query string with transport 'query'", () => {
    const spec = adjustmentRequest({ ...config, transport: 'query' }, params, 'shop/1');
    expect(spec.method).toBe('GET');
    expect(spec.body).toBeUndefined();
    expect(Object.fromEntries(new URL(spec.url).searchParams)).toEqual(params);
  });
});

describe('readAdjustmentAnswer (lenient: the answer format is unconfirmed)', () => {
  const read = (status: number, text: string) => {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return readAdjustmentAnswer({ status, text, body });
  };

  it.each([
    [200, '{"success":true}', 'accepted'],
    [200, 'OK', 'accepted'],
    [200, '<?xml version="1.0"?><result>1</result>', 'accepted'],
    [204, '', 'accepted'],
    [200, '{"success":false,"error":"Invalid transaction"}', 'rejected'],
    [200, '{"error":"Invalid auth_key"}', 'rejected'],
    [200, '{"errors":["x"]}', 'rejected'],
    [200, '<?xml version="1.0"?><error>Invalid</error>', 'rejected'],
    [200, 'Error: transaction not found', 'rejected'],
    [200, 'Error: daily request limit reached', 'rate-limited'],
    [429, '', 'rate-limited'],
    [403, '{"error":"API limit exceeded"}', 'rate-limited'],
    [400, '{"error":"bad"}', 'rejected'],
    [401, '', 'rejected'],
    [302, '', 'rejected'],
    [408, '', 'ambiguous'],
    [500, '', 'ambiguous'],
    [503, '{"error":"down"}', 'ambiguous'],
  ])('%i %s → %s', (status, text, expected) => {
    expect(read(status, text)).toBe(expected);
  });
});
