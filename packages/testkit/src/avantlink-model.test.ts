import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { AVANTLINK_BLANK_TRACKING_IDS_ERROR, createFakeAvantLink } from './avantlink-model';
import type { FakeRequest } from './types';

const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  'user-agent': 'shop-server/1',
};
const CLICK = {
  tracking_ids: { user_id: ['u_78901'], visitor_id: ['vis_3f2c1a97'], avantlink_avad: '77_f3afbe121' },
  user_agent: 'Mozilla/5.0',
  current_url: 'https://store.example.com/products/widget?avad=77_f3afbe121',
};
const ORDER = { ...CLICK, order: { order_number: '12345', order_amount_subtotal: 100, currency: 'USD' } };

function post(kind: 'click' | 'order', body: unknown, overrides: Partial<FakeRequest> = {}): FakeRequest {
  return {
    method: 'POST',
    path: `/merchants/${MERCHANT}/tracking/${kind}`,
    query: {},
    headers: HEADERS,
    rawBody: typeof body === 'string' ? body : JSON.stringify(body),
    ...overrides,
  };
}
const answer = (response: { status: number; body: string }) => ({
  status: response.status,
  body: JSON.parse(response.body),
});

describe('fake AvantLink (avantlink-click-tracking.txt)', () => {
  it('accepts a click with 200 {"success": true} and keeps it', () => {
    const avantlink = createFakeAvantLink();
    expect(answer(avantlink.handle(post('click', CLICK)))).toEqual({ status: 200, body: { success: true } });
    expect(avantlink.clicks).toEqual([CLICK]);
  });

  it('answers the documented 400 body, exactly, when no tracking id is given', () => {
    const avantlink = createFakeAvantLink();
    const blank = { ...CLICK, tracking_ids: { user_id: [''], visitor_id: [], avantlink_avad: '' } };
    const response = avantlink.handle(post('click', blank));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      error: 'You must provide at least one tracking id in order to generate a episode_id.',
      error_key: 'client.model.merchants_tracking.tracking_ids.blank',
      exception: 'InvalidArgumentException',
    });
    expect(answer(avantlink.handle(post('order', { ...ORDER, tracking_ids: undefined }))).body).toEqual(
      AVANTLINK_BLANK_TRACKING_IDS_ERROR,
    );
    expect(avantlink.clicks).toEqual([]);
  });

  it('keeps one order per order_number and answers a repeat with 200', () => {
    const avantlink = createFakeAvantLink();
    expect(avantlink.handle(post('order', ORDER)).status).toBe(200);
    expect(avantlink.handle(post('order', { ...ORDER, user_agent: 'again' })).status).toBe(200);
    expect(
      avantlink.handle(post('order', { ...ORDER, order: { ...ORDER.order, order_number: '2' } })).status,
    ).toBe(200);
    expect(avantlink.orders.map((o) => [o.order.order_number, o.user_agent])).toEqual([
      ['12345', 'Mozilla/5.0'],
      ['2', 'Mozilla/5.0'],
    ]);
  });

  it('rejects a body that misses required fields with a 400 in the documented shape', () => {
    const avantlink = createFakeAvantLink();
    const { user_agent: _ua, ...noAgent } = CLICK;
    const { status, body } = answer(avantlink.handle(post('click', noAgent)));
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: expect.stringContaining('user_agent'),
      exception: 'InvalidArgumentException',
    });
    expect(answer(avantlink.handle(post('order', CLICK))).body.error).toContain('order');
    expect(avantlink.handle(post('click', '{not json')).status).toBe(400);
  });

  it('requires the documented headers', () => {
    const avantlink = createFakeAvantLink();
    expect(
      avantlink.handle(post('click', CLICK, { headers: { ...HEADERS, 'content-type': 'text/plain' } }))
        .status,
    ).toBe(415);
    expect(
      avantlink.handle(post('click', CLICK, { headers: { ...HEADERS, accept: 'text/html' } })).status,
    ).toBe(406);
    const { 'user-agent': _u, ...noAgent } = HEADERS;
    expect(avantlink.handle(post('click', CLICK, { headers: noAgent })).status).toBe(400);
    expect(avantlink.clicks).toEqual([]);
  });

  it('routes only POST /merchants/{uuid}/tracking/click|order', () => {
    const avantlink = createFakeAvantLink();
    expect(
      avantlink.handle(post('click', CLICK, { path: `/merchants/${MERCHANT}/tracking/refund` })).status,
    ).toBe(404);
    expect(
      avantlink.handle(post('click', CLICK, { path: '/merchants/not-a-uuid/tracking/click' })).status,
    ).toBe(404);
    expect(avantlink.handle(post('click', CLICK, { method: 'GET' })).status).toBe(405);
  });

  it('answers 404 to a merchant segment with broken percent-encoding (it used to throw URIError)', () => {
    const avantlink = createFakeAvantLink();
    const broken = post('click', CLICK, { path: '/merchants/%E0%A4%A/tracking/click' });
    expect(avantlink.handle(broken).status).toBe(404);
    expect(avantlink.clicks).toEqual([]);
  });

  it('accepts only its merchant when one is configured', () => {
    const avantlink = createFakeAvantLink({ merchantId: MERCHANT });
    expect(avantlink.handle(post('click', CLICK)).status).toBe(200);
    const other = post('click', CLICK, {
      path: '/merchants/00000000-0000-4000-8000-000000000000/tracking/click',
    });
    expect(avantlink.handle(other).status).toBe(404);
    expect(() => createFakeAvantLink({ merchantId: 'nope' })).toThrow(ConfigError);
  });

  it('records every request with its answer', () => {
    const avantlink = createFakeAvantLink();
    avantlink.handle(post('click', CLICK, { query: { debug: '1' } }));
    expect(avantlink.requests).toEqual([
      {
        id: 1,
        at: expect.any(Number),
        method: 'POST',
        path: `/merchants/${MERCHANT}/tracking/click`,
        query: { debug: '1' },
        headers: HEADERS,
        body: CLICK,
        rawBody: JSON.stringify(CLICK),
        status: 200,
        response: { success: true },
      },
    ]);
  });
});

describe('fake AvantLink faults', () => {
  it('answers an injected status without processing, with Retry-After', () => {
    const avantlink = createFakeAvantLink();
    avantlink.injectFault({ type: 'status', status: 503, retryAfterSeconds: 2, times: 2 });
    const first = avantlink.handle(post('order', ORDER));
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('2');
    expect(JSON.parse(first.body)).toMatchObject({ error: 'Injected fault: HTTP 503' });
    expect(avantlink.handle(post('order', ORDER)).status).toBe(503);
    expect(avantlink.orders).toEqual([]);
    expect(avantlink.handle(post('order', ORDER)).status).toBe(200);
    expect(avantlink.requests.map((r) => r.fault)).toEqual(['status', 'status', undefined]);
  });

  it('answers a given fault body as JSON or text', () => {
    const avantlink = createFakeAvantLink();
    avantlink.injectFault({
      type: 'status',
      status: 400,
      body: { error: 'x', error_key: 'k', exception: 'E' },
    });
    avantlink.injectFault({ type: 'status', status: 502, body: 'Bad Gateway' });
    expect(JSON.parse(avantlink.handle(post('click', CLICK)).body)).toEqual({
      error: 'x',
      error_key: 'k',
      exception: 'E',
    });
    expect(avantlink.handle(post('click', CLICK))).toMatchObject({ status: 502, body: 'Bad Gateway' });
  });

  it('drops without recording the click, but lists the request', () => {
    const avantlink = createFakeAvantLink();
    avantlink.injectFault({ type: 'drop' });
    expect(avantlink.handle(post('click', CLICK)).drop).toBe(true);
    expect(avantlink.clicks).toEqual([]);
    expect(avantlink.requests[0]).toMatchObject({ status: 0, response: undefined, fault: 'drop' });
  });

  it('delays after processing: the order is kept before the answer leaves', () => {
    const avantlink = createFakeAvantLink();
    avantlink.injectFault({ type: 'delay', ms: 250 });
    const response = avantlink.handle(post('order', ORDER));
    expect(response).toMatchObject({ status: 200, delayMs: 250 });
    expect(avantlink.orders).toHaveLength(1);
  });

  it('reset forgets requests, data and pending faults; listeners are told of each request', () => {
    const avantlink = createFakeAvantLink();
    const seen: number[] = [];
    const stop = avantlink.onRequest((r) => seen.push(r.status));
    avantlink.injectFault({ type: 'status', status: 500, times: 3 });
    avantlink.handle(post('click', CLICK));
    avantlink.reset();
    expect([avantlink.requests.length, avantlink.clicks.length]).toEqual([0, 0]);
    avantlink.handle(post('click', CLICK));
    stop();
    avantlink.handle(post('click', CLICK));
    expect(seen).toEqual([500, 200]);
    expect(avantlink.requests.map((r) => r.id)).toEqual([1, 2]);
  });

  it('counts the faults still waiting, and clearFaults lets the network recover with recordings kept', () => {
    const avantlink = createFakeAvantLink();
    avantlink.injectFault({ type: 'status', status: 503, times: 3 });
    avantlink.injectFault({ type: 'drop' });
    expect(avantlink.pendingFaults).toBe(4);
    expect(avantlink.handle(post('click', CLICK)).status).toBe(503);
    expect(avantlink.pendingFaults).toBe(3);
    avantlink.clearFaults();
    expect(avantlink.pendingFaults).toBe(0);
    expect(avantlink.handle(post('click', CLICK)).status).toBe(200);
    expect(avantlink.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('survives a listener that throws', () => {
    const avantlink = createFakeAvantLink();
    avantlink.onRequest(() => {
      throw new Error('listener bug');
    });
    expect(avantlink.handle(post('click', CLICK)).status).toBe(200);
  });
});
