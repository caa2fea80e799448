import { ConfigError, HttpError, NetworkError, TimeoutError, ValidationError } from '@affiliate-relay/core';
import { createFakeAvantLink } from '@affiliate-relay/testkit';
import { avantLinkHandlers } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AVANTLINK_200_BODY,
  AVANTLINK_400_BODY,
  AVANTLINK_CLICK_CURL_BODY,
  AVANTLINK_CLICK_URL_TEMPLATE,
  AVANTLINK_REQUIRED_HEADERS,
} from '../../../../../tooling/spec-examples';
import packageJson from '../../../package.json';
import { recordedLogger, recordedRetry } from '../../../test/fixtures/recording';
import { AvantLinkClient } from './client';
import type { AvantLinkClientOptions } from './types';

const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const avantlink = createFakeAvantLink({ merchantId: MERCHANT });
const server = setupServer(...avantLinkHandlers({ fake: avantlink }));

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => avantlink.reset());
afterAll(() => server.close());

const CLICK = {
  userIds: ['u_78901'],
  visitorIds: ['vis_3f2c1a97'],
  avad: '77_f3afbe121',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)...',
  currentUrl: 'https://store.example.com/products/widget?avad=77_f3afbe121',
};
const ORDER = { avad: '77_f3afbe121', order: { orderId: '12345', subtotal: 100, currency: 'USD' } };

function client(options: Partial<AvantLinkClientOptions> = {}, random = 0.5) {
  const { retry, sleeps } = recordedRetry(random);
  return { client: new AvantLinkClient({ merchantId: MERCHANT, retry, ...options }), sleeps };
}

describe('AvantLinkClient construction', () => {
  it.each([undefined, null, '', '  '])('says a merchantId of %j is missing, not malformed', (merchantId) => {
    const create = () => new AvantLinkClient({ merchantId } as unknown as AvantLinkClientOptions);
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(/merchantId is missing/);
    expect(create).not.toThrow(/UUID \(8-4-4-4-12/);
  });

  it.each(['merchant-1', '0b1e5f7c3c4a4f7e9a512f0d6c7b8e91', `${MERCHANT}x`, 42])(
    'rejects the merchantId %j with a clear ConfigError',
    (merchantId) => {
      expect(() => new AvantLinkClient({ merchantId } as AvantLinkClientOptions)).toThrow(
        /merchantId must be your AvantLink merchant UUID/,
      );
      expect(() => new AvantLinkClient({ merchantId } as AvantLinkClientOptions)).toThrow(ConfigError);
    },
  );

  it('accepts an upper-case UUID', () => {
    expect(new AvantLinkClient({ merchantId: MERCHANT.toUpperCase() }).merchantId).toBe(
      MERCHANT.toUpperCase(),
    );
  });

  it.each([
    [{ baseUrl: 'client.avantlink.com' }],
    [{ baseUrl: 'ftp://client.avantlink.com' }],
    [{ baseUrl: 'https://x.test/?token=1' }],
    [{ timeoutMs: 0 }],
    [{ userAgent: 'a\r\nX-Injected: 1' }],
    [{ retry: { maxAttempts: 0 } }],
  ])('rejects %j', (options) => {
    expect(() => new AvantLinkClient({ merchantId: MERCHANT, ...options })).toThrow(ConfigError);
  });

  it("defaults to AvantLink's URL and drops a trailing slash of a given one", () => {
    expect(new AvantLinkClient({ merchantId: MERCHANT }).baseUrl).toBe('https://client.avantlink.com');
    expect(new AvantLinkClient({ merchantId: MERCHANT, baseUrl: 'http://127.0.0.1:9/al/' }).baseUrl).toBe(
      'http://127.0.0.1:9/al',
    );
  });
});

describe('AvantLinkClient wire format (avantlink-click-tracking.txt)', () => {
  it('POSTs a click to the documented URL with the documented headers and body', async () => {
    const result = await client().client.trackClick(CLICK);
    expect(result).toEqual({ status: 200, attempts: 1 });
    const [request] = avantlink.requests;
    expect(request?.method).toBe('POST');
    expect(`https://client.avantlink.com${request?.path}`).toBe(
      AVANTLINK_CLICK_URL_TEMPLATE.replace('{{merchant_id}}', MERCHANT),
    );
    expect(request?.headers).toMatchObject(AVANTLINK_REQUIRED_HEADERS);
    expect(request?.body).toEqual(JSON.parse(AVANTLINK_CLICK_CURL_BODY));
    expect(request?.rawBody).toBe(JSON.stringify(JSON.parse(AVANTLINK_CLICK_CURL_BODY)));
    expect(request?.response).toEqual(JSON.parse(AVANTLINK_200_BODY));
    expect(avantlink.clicks).toEqual([JSON.parse(AVANTLINK_CLICK_CURL_BODY)]);
  });

  it("sends the server's User-Agent in the header and the shopper's in the body", async () => {
    await client().client.trackClick(CLICK);
    await client({ userAgent: 'my-shop/2.1 (+https://shop.example)' }).client.trackClick(CLICK);
    const [first, second] = avantlink.requests;
    expect(first?.headers['user-agent']).toBe(`affiliate-relay-node/${packageJson.version}`);
    expect(second?.headers['user-agent']).toBe('my-shop/2.1 (+https://shop.example)');
    expect(second?.body).toMatchObject({ user_agent: CLICK.userAgent });
  });

  it('POSTs an order to tracking/order with the same headers', async () => {
    expect(await client().client.trackOrder(ORDER)).toEqual({ status: 200, attempts: 1 });
    const [request] = avantlink.requests;
    expect(request?.path).toBe(`/merchants/${MERCHANT}/tracking/order`);
    expect(request?.headers).toMatchObject(AVANTLINK_REQUIRED_HEADERS);
    expect(request?.body).toEqual({
      tracking_ids: { user_id: [], visitor_id: [], avantlink_avad: '77_f3afbe121' },
      user_agent: '',
      current_url: '',
      order: { order_number: '12345', order_amount_subtotal: 100, currency: 'USD' },
    });
  });

  it('checks required fields before sending anything', async () => {
    const error = await client()
      .client.trackClick({ avad: 'a' } as typeof CLICK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['user_agent', 'current_url']);
    await expect(client().client.trackOrder({ avad: 'a', order: { orderId: '1' } } as never)).rejects.toThrow(
      /subtotal/,
    );
    expect(avantlink.requests).toHaveLength(0);
  });
});

describe('AvantLinkClient answers and the retry policy', () => {
  it('turns a 400 into an HttpError carrying error, error_key and exception, and does not retry it', async () => {
    avantlink.injectFault({ type: 'status', status: 400, body: JSON.parse(AVANTLINK_400_BODY), times: 5 });
    const { client: c, sleeps } = client();
    const error = await c.trackClick(CLICK).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, body: JSON.parse(AVANTLINK_400_BODY) });
    expect((error as HttpError).message).toContain('client.model.merchants_tracking.tracking_ids.blank');
    expect(avantlink.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries HTTP %i and then succeeds', async (status) => {
    avantlink.injectFault({ type: 'status', status });
    const { client: c, sleeps } = client();
    expect(await c.trackOrder(ORDER)).toEqual({ status: 200, attempts: 2 });
    expect(avantlink.requests.map((r) => r.status)).toEqual([status, 200]);
    expect(sleeps).toEqual([450]);
  });

  it.each([401, 403, 404, 405, 409, 410, 415, 422])('never retries HTTP %i', async (status) => {
    avantlink.injectFault({ type: 'status', status, times: 4 });
    const { client: c, sleeps } = client();
    await expect(c.trackClick(CLICK)).rejects.toMatchObject({ name: 'HttpError', status });
    expect(avantlink.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('stops after `limit` retries with the last answer as an HttpError', async () => {
    avantlink.injectFault({ type: 'status', status: 503, times: 10 });
    const { retry, sleeps } = recordedRetry(0.5, { maxAttempts: 3 });
    const c = new AvantLinkClient({ merchantId: MERCHANT, retry });
    await expect(c.trackOrder(ORDER)).rejects.toMatchObject({ name: 'HttpError', status: 503 });
    expect(avantlink.requests).toHaveLength(3);
    expect(sleeps).toEqual([450, 750]);
  });

  it.each([
    [0, [300, 300, 300]],
    [0.5, [450, 750, 1_350]],
    [1, [600, 1_200, 2_400]],
  ])('waits within the backoff bounds (random = %d): %j', async (random, expected) => {
    avantlink.injectFault({ type: 'status', status: 500, times: 3 });
    const { client: c, sleeps } = client({}, random);
    expect(await c.trackClick(CLICK)).toEqual({ status: 200, attempts: 4 });
    expect(sleeps).toEqual(expected);
  });

  it('caps the backoff at maxDelayMs', async () => {
    avantlink.injectFault({ type: 'status', status: 500, times: 3 });
    const { retry, sleeps } = recordedRetry(1, { baseDelayMs: 100, maxDelayMs: 250 });
    await new AvantLinkClient({ merchantId: MERCHANT, retry }).trackClick(CLICK);
    expect(sleeps).toEqual([200, 250, 250]);
  });

  it('honours Retry-After seconds instead of the backoff', async () => {
    avantlink.injectFault({ type: 'status', status: 429, retryAfterSeconds: 7 });
    const { client: c, sleeps } = client();
    expect(await c.trackClick(CLICK)).toMatchObject({ attempts: 2 });
    expect(sleeps).toEqual([7_000]);
  });

  it('gives up at once when Retry-After asks for longer than maxRetryAfterMs', async () => {
    avantlink.injectFault({ type: 'status', status: 503, retryAfterSeconds: 3_600 });
    const { client: c, sleeps } = client();
    await expect(c.trackClick(CLICK)).rejects.toMatchObject({ status: 503, retryAfterMs: 3_600_000 });
    expect(sleeps).toEqual([]);
    expect(avantlink.requests).toHaveLength(1);
  });

  it('retries a dropped connection, and throws a NetworkError when they run out', async () => {
    avantlink.injectFault({ type: 'drop' });
    expect(await client().client.trackClick(CLICK)).toMatchObject({ attempts: 2 });
    avantlink.injectFault({ type: 'drop', times: 4 });
    const error = await client()
      .client.trackClick(CLICK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).sent).toBe(true);
  });

  it('retries a timeout; the repeated order is recorded once (order_number is the idempotency key)', async () => {
    avantlink.injectFault({ type: 'delay', ms: 1_000 });
    const { client: c } = client({ timeoutMs: 50 });
    expect(await c.trackOrder(ORDER)).toEqual({ status: 200, attempts: 2 });
    expect(avantlink.requests).toHaveLength(2);
    expect(avantlink.orders).toHaveLength(1);
  });

  it('throws a TimeoutError when every attempt times out', async () => {
    avantlink.injectFault({ type: 'delay', ms: 1_000, times: 2 });
    const { client: c } = client({ timeoutMs: 30, retry: { ...recordedRetry().retry, maxAttempts: 2 } });
    await expect(c.trackClick(CLICK)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('reads {"success": false} with a 200 as a failure', async () => {
    avantlink.injectFault({ type: 'status', status: 200, body: { success: false } });
    await expect(client().client.trackClick(CLICK)).rejects.toBeInstanceOf(HttpError);
  });
});

describe('AvantLinkClient events', () => {
  it('logs request, response and retry events, silent otherwise', async () => {
    const { events, logger } = recordedLogger();
    avantlink.injectFault({ type: 'status', status: 503 });
    await client({ logger }).client.trackClick(CLICK);
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(events[0]).toMatchObject({
      network: 'avantlink',
      operation: 'track-click',
      method: 'POST',
      // The merchant UUID is AvantLink's credential: redacted in every logged URL.
      url: 'https://client.avantlink.com/merchants/[REDACTED]/tracking/click',
      attempt: 1,
      body: JSON.parse(AVANTLINK_CLICK_CURL_BODY),
    });
    expect(events[2]).toMatchObject({ type: 'retry', attempt: 1, delayMs: 450, reason: 'HTTP 503' });
    expect(events[4]).toMatchObject({ type: 'response', status: 200, attempt: 2, body: { success: true } });
  });

  it('never logs the merchant UUID, in any event, in either case', async () => {
    const { events, logger } = recordedLogger();
    avantlink.injectFault({ type: 'status', status: 503, times: 3 });
    await client({ logger })
      .client.trackClick(CLICK)
      .catch(() => undefined);
    expect(events.length).toBeGreaterThan(2);
    const logged = JSON.stringify(events, (_key, value) =>
      value instanceof Error ? { message: value.message, stack: value.stack } : value,
    );
    expect(logged.toLowerCase()).not.toContain(MERCHANT.toLowerCase());
  });

  it('logs an error event when a call fails', async () => {
    const { events, logger } = recordedLogger();
    await client({ logger })
      .client.trackClick({ avad: 'a' } as typeof CLICK)
      .catch(() => undefined);
    expect(events).toEqual([
      { type: 'error', network: 'avantlink', operation: 'track-click', error: expect.any(ValidationError) },
    ]);
  });
});
