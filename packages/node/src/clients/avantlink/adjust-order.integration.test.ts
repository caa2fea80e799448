import {
  AffiliateRelayError,
  ConfigError,
  HttpError,
  NetworkError,
  ValidationError,
} from '@affiliate-relay/core';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AVANTLINK_ADJUSTMENT_PAGE as PAGE } from '../../../../../tooling/spec-examples';
import { recordedLogger, recordedRetry } from '../../../test/fixtures/recording';
import { AvantLinkClient } from './client';
import type { AvantLinkClientOptions } from './types';

const MERCHANT = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const AUTH_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const LEGACY_ID = 41_234;
const RETURN = { orderId: 'ORD-1001', amount: 49.95, type: 'RETURN' as const };

let avantlink: FakeAvantLinkServer;
beforeAll(async () => {
  avantlink = await startFakeAvantLink({
    merchantId: MERCHANT,
    authKey: AUTH_KEY,
    legacyMerchantId: LEGACY_ID,
  });
});
afterEach(() => avantlink.reset());
afterAll(() => avantlink.close());

function clientWith(extra: Partial<AvantLinkClientOptions> = {}) {
  const { retry, sleeps } = recordedRetry(0.5, { maxAttempts: 3 });
  const { events, logger } = recordedLogger();
  const client = new AvantLinkClient({
    merchantId: MERCHANT,
    baseUrl: avantlink.url,
    adjustments: { authKey: AUTH_KEY, merchantId: LEGACY_ID, url: avantlink.legacyApiUrl },
    retry,
    logger,
    timeoutMs: 2_000,
    ...extra,
  });
  return { client, sleeps, events };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('AvantLinkClient.adjustOrder against the fake AvantLink', () => {
  it('POSTs every documented parameter as a form, in the documented formats', async () => {
    const { client } = clientWith();
    const result = await client.adjustOrder(RETURN);
    expect(result).toEqual({ status: 200, attempts: 1, answer: { success: true } });
    const [request] = avantlink.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api.php', query: {} });
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['user-agent']).toMatch(/^affiliate-relay-node\//);
    expect(request?.body).toEqual({
      module: PAGE.module,
      auth_key: AUTH_KEY,
      merchant_id: String(LEGACY_ID),
      transaction_id: 'ORD-1001',
      adjustment_amount: '49.95',
      adjustment_type: 'RETURN',
    });
    expect(avantlink.adjustments).toMatchObject([{ transaction_id: 'ORD-1001', adjustment_amount: '49.95' }]);
  });

  it("sends the same parameters in a GET query with transport 'query'", async () => {
    const { client } = clientWith({
      adjustments: {
        authKey: AUTH_KEY,
        merchantId: String(LEGACY_ID),
        url: avantlink.legacyApiUrl,
        transport: 'query',
      },
    });
    await client.adjustOrder({ orderId: 'ORD-7', amount: '12.5', type: 'CANCELED' });
    const [request] = avantlink.requests;
    expect(request?.method).toBe('GET');
    expect(request?.query).toMatchObject({
      auth_key: AUTH_KEY,
      adjustment_amount: '12.5',
      adjustment_type: 'CANCELED',
    });
    expect(avantlink.adjustments).toHaveLength(1);
  });

  it('without adjustments credentials, throws a ConfigError naming both, and sends nothing', async () => {
    const { client, events } = clientWith({ adjustments: undefined });
    const error = await failureOf(client.adjustOrder(RETURN));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/adjustments\.authKey.*adjustments\.merchantId/);
    expect(avantlink.requests).toEqual([]);
    expect(events).toMatchObject([{ type: 'error', operation: 'adjust-order' }]);
  });

  it('throws at construction when the credentials are given in part', () => {
    expect(
      () => new AvantLinkClient({ merchantId: MERCHANT, adjustments: { merchantId: LEGACY_ID } as never }),
    ).toThrow(/adjustments\.authKey is missing/);
  });

  it('validates before sending', async () => {
    const { client } = clientWith();
    const error = await failureOf(client.adjustOrder({ ...RETURN, amount: '1,000.00' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(avantlink.requests).toEqual([]);
  });

  it('retries a request that never left (refused connection) and sends the adjustment once', async () => {
    let calls = 0;
    const { client, sleeps } = clientWith({
      fetch: (input, init) => {
        calls += 1;
        if (calls === 1) {
          const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
          return Promise.reject(new TypeError('fetch failed', { cause: refused }));
        }
        return fetch(input, init);
      },
    });
    expect(await client.adjustOrder(RETURN)).toMatchObject({ status: 200, attempts: 2 });
    expect(sleeps).toHaveLength(1);
    expect(avantlink.adjustments).toHaveLength(1);
  });

  it.each([
    ['a timeout after the request arrived', { type: 'delay', ms: 1_000 } as const],
    ['a 503', { type: 'status', status: 503 } as const],
    ['a 500', { type: 'status', status: 500 } as const],
    ['a 408', { type: 'status', status: 408 } as const],
    ['a dropped connection', { type: 'drop' } as const],
  ])('after %s, throws delivery_ambiguous and never resends', async (_name, fault) => {
    avantlink.injectFault(fault);
    const { client, sleeps } = clientWith({ timeoutMs: 300 });
    const error = await failureOf(client.adjustOrder(RETURN));
    expect(error).toBeInstanceOf(AffiliateRelayError);
    expect(error).toMatchObject({ code: 'delivery_ambiguous' });
    expect((error as Error).message).toMatch(/check AvantLink's console/);
    expect(avantlink.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('the delayed one was applied: a blind resend would have reversed it twice', async () => {
    avantlink.injectFault({ type: 'delay', ms: 1_000 });
    const { client } = clientWith({ timeoutMs: 300 });
    await failureOf(client.adjustOrder(RETURN));
    expect(avantlink.adjustments).toHaveLength(1);
  });

  it('waits out a 429 with its Retry-After (a refusal) and then sends it once', async () => {
    avantlink.injectFault({ type: 'status', status: 429, retryAfterSeconds: 2 });
    const { client, sleeps, events } = clientWith();
    expect(await client.adjustOrder(RETURN)).toMatchObject({ attempts: 2 });
    expect(sleeps).toEqual([2_000]);
    expect(events.filter((e) => e.type === 'retry')).toMatchObject([
      { attempt: 1, delayMs: 2_000, reason: 'HTTP 429' },
    ]);
    expect(avantlink.adjustments).toHaveLength(1);
  });

  it("past the daily limit, throws the 429 with retryAfterMs (until AvantLink's next day) without waiting a day", async () => {
    const noonUtc = Date.UTC(2026, 10, 28, 12);
    const limited = await startFakeAvantLink({ adjustmentDailyLimit: 1, now: () => noonUtc });
    try {
      const { client, sleeps } = clientWith({
        adjustments: { authKey: AUTH_KEY, merchantId: LEGACY_ID, url: limited.legacyApiUrl },
      });
      await client.adjustOrder(RETURN);
      const error = await failureOf(client.adjustOrder({ ...RETURN, orderId: 'ORD-1002' }));
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 429 });
      expect((error as HttpError).retryAfterMs).toBe(12 * 3_600_000);
      expect((error as Error).message).toMatch(/request limit/);
      expect(limited.requests).toHaveLength(2);
      expect(limited.adjustments).toHaveLength(1);
      // A wait longer than maxRetryAfterMs (60 s) ends the retries at once.
      expect(sleeps).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('a rejection (400) is an HttpError, not retried', async () => {
    avantlink.injectFault({
      type: 'status',
      status: 400,
      body: { success: false, error: 'Unknown transaction' },
    });
    const { client, sleeps } = clientWith();
    const error = await failureOf(client.adjustOrder(RETURN));
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toContain('Unknown transaction');
    expect(sleeps).toEqual([]);
    expect(avantlink.requests).toHaveLength(1);
  });

  it('a wrong key is a 401 HttpError', async () => {
    const { client } = clientWith({
      adjustments: { authKey: 'f'.repeat(32), merchantId: LEGACY_ID, url: avantlink.legacyApiUrl },
    });
    expect(await failureOf(client.adjustOrder(RETURN))).toMatchObject({ status: 401 });
  });

  it('a deadline with no room for an attempt sends nothing (code timeout)', async () => {
    const { client } = clientWith();
    const error = await failureOf(client.adjustOrder(RETURN, { deadline: Date.now() + 100 }));
    expect(error).toMatchObject({ code: 'timeout' });
    expect(avantlink.requests).toEqual([]);
  });

  it('a never-sent failure that outlasts the retries is a NetworkError (sent: false)', async () => {
    const closed = await startFakeAvantLink();
    const url = closed.legacyApiUrl;
    await closed.close();
    const { client, sleeps } = clientWith({ adjustments: { authKey: AUTH_KEY, merchantId: LEGACY_ID, url } });
    const error = await failureOf(client.adjustOrder(RETURN));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).sent).toBe(false);
    expect(sleeps).toHaveLength(2);
  });
});
