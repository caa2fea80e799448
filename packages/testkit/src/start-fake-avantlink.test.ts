import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeAvantLinkServer, startFakeAvantLink } from './start-fake-avantlink';

const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'shop/1' };
const CLICK = {
  tracking_ids: { user_id: [], visitor_id: ['v1'], avantlink_avad: '77_x' },
  user_agent: 'UA',
  current_url: 'https://s/',
};

let avantlink: FakeAvantLinkServer;
beforeAll(async () => {
  avantlink = await startFakeAvantLink();
});
afterEach(() => avantlink.reset());
afterAll(() => avantlink.close());

const click = (body: unknown = CLICK, init: RequestInit = {}) =>
  fetch(`${avantlink.url}/merchants/${MERCHANT}/tracking/click`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(body),
    ...init,
  });

describe('startFakeAvantLink', () => {
  it('listens on 127.0.0.1 on a random port', () => {
    expect(avantlink.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(avantlink.url).not.toMatch(/:0$/);
  });

  it('answers a click over real HTTP and records it', async () => {
    const response = await click();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ success: true });
    expect(avantlink.clicks).toEqual([CLICK]);
    expect(avantlink.requests[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'shop/1',
    });
  });

  it('answers an injected status with its Retry-After header', async () => {
    avantlink.injectFault({ type: 'status', status: 429, retryAfterSeconds: 5 });
    const response = await click();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(avantlink.clicks).toEqual([]);
  });

  it('drops the connection: fetch fails, nothing is kept', async () => {
    avantlink.injectFault({ type: 'drop' });
    await expect(click()).rejects.toThrow(TypeError);
    expect(avantlink.clicks).toEqual([]);
    expect((await click()).status).toBe(200);
  });

  it('with a delay, keeps the request before answering, then answers', async () => {
    avantlink.injectFault({ type: 'delay', ms: 150 });
    const keptBeforeAnswer: number[] = [];
    const stop = avantlink.onRequest(() => keptBeforeAnswer.push(avantlink.clicks.length));
    const pending = click();
    const response = await pending;
    stop();
    expect(keptBeforeAnswer).toEqual([1]);
    expect(response.status).toBe(200);
  });

  it('a client that gives up on a delayed answer leaves the fake working', async () => {
    avantlink.injectFault({ type: 'delay', ms: 5_000 });
    // The client gives up once the fake has the request (a fixed 50 ms could pass before it arrived).
    const giveUp = new AbortController();
    const stop = avantlink.onRequest(() => giveUp.abort());
    await expect(click(CLICK, { signal: giveUp.signal })).rejects.toThrow();
    stop();
    expect(avantlink.clicks).toHaveLength(1);
    expect((await click()).status).toBe(200);
  });

  it('with random faults, fails about the rate asked, each time with one of the faults given; reset turns it off', async () => {
    let n = 0;
    // A fixed sequence: every other draw is below the rate, and the pick alternates the two faults.
    const draws = [0.1, 0.0, 0.9, 0.1, 0.9, 0.9];
    avantlink.setRandomFaults({
      rate: 0.3,
      faults: [{ type: 'status', status: 503 }, { type: 'drop' }],
      random: () => draws[n++ % draws.length]!,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push(
        await click().then(
          (response) => response.status,
          () => 0,
        ),
      );
    }
    expect(statuses).toEqual([503, 200, 0, 200]);
    expect(avantlink.requests.map((request) => request.fault)).toEqual([
      'status',
      undefined,
      'drop',
      undefined,
    ]);
    expect(() => avantlink.setRandomFaults({ rate: 2, faults: [{ type: 'drop' }] })).toThrow(TypeError);
    expect(() => avantlink.setRandomFaults({ rate: 0.5, faults: [] })).toThrow(TypeError);
    avantlink.reset();
    expect((await click()).status).toBe(200);
  });

  it('answers 404 to a merchant segment with broken percent-encoding, and keeps serving', async () => {
    const response = await fetch(`${avantlink.url}/merchants/%E0%A4%A/tracking/click`, {
      method: 'POST',
      headers: HEADERS,
      body: '{}',
    });
    expect(response.status).toBe(404);
    expect((await click()).status).toBe(200);
  });

  it('answers the legacy adjustment module at legacyApiUrl over real HTTP', async () => {
    expect(avantlink.legacyApiUrl).toBe(`${avantlink.url}/api.php`);
    const response = await fetch(avantlink.legacyApiUrl, {
      method: 'POST',
      body: new URLSearchParams({
        module: 'MerchantTransactionAdjustment',
        auth_key: '0123456789abcdef0123456789abcdef',
        merchant_id: '12345',
        transaction_id: 'ORD-9',
        adjustment_amount: '10.00',
        adjustment_type: 'CANCELED',
      }),
    });
    expect([response.status, await response.json()]).toEqual([200, { success: true }]);
    expect(avantlink.adjustments).toMatchObject([{ transaction_id: 'ORD-9', adjustment_amount: '10.00' }]);
  });

  it('close() does not wait for a pending delayed answer', async () => {
    const other = await startFakeAvantLink({ merchantId: MERCHANT });
    other.injectFault({ type: 'delay', ms: 60_000 });
    const pending = fetch(`${other.url}/merchants/${MERCHANT}/tracking/click`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify(CLICK),
    }).catch((error: unknown) => error);
    await new Promise<void>((resolve) => other.onRequest(() => resolve()));
    await other.close();
    expect(await pending).toBeInstanceOf(TypeError);
  });

  it('counts the connections open now and the most at once', async () => {
    const other = await startFakeAvantLink({ merchantId: MERCHANT });
    try {
      for (let i = 0; i < 3; i += 1) other.injectFault({ type: 'delay', ms: 60_000 });
      const held = Array.from({ length: 3 }, () =>
        fetch(`${other.url}/merchants/${MERCHANT}/tracking/click`, {
          method: 'POST',
          headers: HEADERS,
          body: JSON.stringify(CLICK),
        }).catch((error: unknown) => error),
      );
      await vi.waitFor(() => expect(other.requests).toHaveLength(3));
      expect(other.connections()).toEqual({ open: 3, most: 3 });
      await other.close();
      await Promise.all(held);
      await vi.waitFor(() => expect(other.connections().open).toBe(0));
      expect(other.connections().most).toBe(3);
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
