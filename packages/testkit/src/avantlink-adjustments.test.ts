import { DAY_MS } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { AVANTLINK_ADJUSTMENT_PAGE as PAGE } from '../../../tooling/spec-examples';
import { AVANTLINK_LEGACY_API_PATH } from './avantlink-adjustments';
import { createFakeAvantLink } from './avantlink-model';
import type { FakeRequest } from './types';

const KEY = '0123456789abcdef0123456789ABCDEF';
const PARAMS = {
  module: PAGE.module,
  auth_key: KEY,
  merchant_id: '12345',
  transaction_id: 'ORD-1001',
  adjustment_amount: '49.95',
  adjustment_type: 'RETURN',
};

function form(params: Record<string, string>, overrides: Partial<FakeRequest> = {}): FakeRequest {
  return {
    method: 'POST',
    path: AVANTLINK_LEGACY_API_PATH,
    query: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams(params).toString(),
    ...overrides,
  };
}
const answer = (response: { status: number; body: string; headers: Record<string, string> }) => ({
  status: response.status,
  body: JSON.parse(response.body),
});

describe('fake AvantLink: the MerchantTransactionAdjustment module (NETWORKS.md)', () => {
  it('serves the legacy API at /api.php, the path of the unconfirmed default URL', () => {
    expect(AVANTLINK_LEGACY_API_PATH).toBe('/api.php');
  });

  it('accepts the documented parameters in a form body and records the adjustment, without the key', () => {
    const avantlink = createFakeAvantLink({ now: () => 1_000 });
    expect(answer(avantlink.handle(form(PARAMS)))).toEqual({ status: 200, body: { success: true } });
    expect(avantlink.adjustments).toEqual([
      {
        merchant_id: '12345',
        transaction_id: 'ORD-1001',
        adjustment_amount: '49.95',
        adjustment_type: 'RETURN',
        at: 1_000,
      },
    ]);
    expect(JSON.stringify(avantlink.adjustments)).not.toContain(KEY);
  });

  it('accepts them in a query string too (GET), since the transport is unconfirmed', () => {
    const avantlink = createFakeAvantLink();
    const response = avantlink.handle(form({}, { method: 'GET', query: PARAMS, rawBody: '' }));
    expect(response.status).toBe(200);
    expect(avantlink.adjustments).toHaveLength(1);
  });

  it('applies a repeat again (AvantLink does not say a repeat is safe), so a double send shows', () => {
    const avantlink = createFakeAvantLink();
    avantlink.handle(form(PARAMS));
    avantlink.handle(form(PARAMS));
    expect(avantlink.adjustments).toHaveLength(2);
  });

  it.each([
    ['adjustment_amount', '$49.95'],
    ['adjustment_amount', '1,000.00'],
    ['adjustment_amount', '0'],
    ['adjustment_amount', '-5'],
    ['adjustment_type', 'REFUND'],
    ['adjustment_type', 'return'],
    ['merchant_id', '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91'],
    ['auth_key', 'too-short'],
    ['transaction_id', ''],
  ])('refuses %s=%s with a 400 naming it, and records nothing', (name, value) => {
    const avantlink = createFakeAvantLink();
    const { status, body } = answer(avantlink.handle(form({ ...PARAMS, [name]: value })));
    expect(status).toBe(400);
    expect(body.success).toBe(false);
    expect(body.error).toMatch(new RegExp(`^${name}: `));
    expect(avantlink.adjustments).toEqual([]);
  });

  it('names each missing parameter', () => {
    const avantlink = createFakeAvantLink();
    const { body } = answer(avantlink.handle(form({ module: PAGE.module })));
    for (const name of PAGE.parameters) expect(body.error).toContain(`${name}: `);
  });

  it('refuses another module, and a JSON body (parameters travel as a query or a form)', () => {
    const avantlink = createFakeAvantLink();
    expect(avantlink.handle(form({ ...PARAMS, module: 'AffiliateReport' })).status).toBe(400);
    const asJson = form(
      {},
      { headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(PARAMS) },
    );
    expect(avantlink.handle(asJson).status).toBe(400);
    expect(avantlink.adjustments).toEqual([]);
  });

  it('with a configured key and merchant, refuses others with 401 and never echoes the key', () => {
    const avantlink = createFakeAvantLink({ authKey: KEY, legacyMerchantId: 12345 });
    const other = 'ffffffffffffffffffffffffffffffff';
    const wrongKey = avantlink.handle(form({ ...PARAMS, auth_key: other }));
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).not.toContain(other);
    expect(avantlink.handle(form({ ...PARAMS, merchant_id: '999' })).status).toBe(401);
    expect(avantlink.handle(form(PARAMS)).status).toBe(200);
  });

  it('counts 3,000 requests a day by default, then answers 429 until the next (UTC) day', () => {
    let now = 5 * DAY_MS + 1_000;
    const avantlink = createFakeAvantLink({ now: () => now });
    for (let i = 0; i < PAGE.requestsPerDay; i++) {
      expect(avantlink.handle(form({ ...PARAMS, transaction_id: `O-${i}` })).status).toBe(200);
    }
    expect(avantlink.adjustmentRequestsToday).toBe(3000);
    const refused = avantlink.handle(form(PARAMS));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error).toMatch(/request limit/i);
    expect(refused.headers['retry-after']).toBe(String(DAY_MS / 1000 - 1));
    expect(avantlink.adjustments).toHaveLength(3000);
    now = 6 * DAY_MS;
    expect(avantlink.adjustmentRequestsToday).toBe(0);
    expect(avantlink.handle(form(PARAMS)).status).toBe(200);
    expect(avantlink.adjustmentRequestsToday).toBe(1);
  });

  it('counts invalid requests against the limit too, and takes a smaller limit for tests', () => {
    const avantlink = createFakeAvantLink({ adjustmentDailyLimit: 2 });
    expect(avantlink.handle(form({ ...PARAMS, adjustment_amount: '$1' })).status).toBe(400);
    expect(avantlink.handle(form(PARAMS)).status).toBe(200);
    expect(avantlink.handle(form(PARAMS)).status).toBe(429);
    avantlink.reset();
    expect(avantlink.adjustments).toEqual([]);
    expect(avantlink.handle(form(PARAMS)).status).toBe(200);
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => createFakeAvantLink({ adjustmentDailyLimit: -1 })).toThrow(TypeError);
  });

  it('leaves the S2S routes as they were', () => {
    const avantlink = createFakeAvantLink();
    const notFound = avantlink.handle(form(PARAMS, { path: '/api' }));
    expect(notFound.status).toBe(404);
  });
});
