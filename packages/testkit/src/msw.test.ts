import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeAflite } from './aflite-model';
import { createFakeAvantLink } from './avantlink-model';
import { afliteHandlers, avantLinkHandlers } from './msw';

const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const avantlink = createFakeAvantLink();
const aflite = createFakeAflite();
const server = setupServer(
  ...avantLinkHandlers({ fake: avantlink }),
  ...afliteHandlers({ fake: aflite }),
  ...afliteHandlers({ baseUrl: 'http://aflite.test/' }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  avantlink.reset();
  aflite.reset();
});
afterAll(() => server.close());

const CLICK = {
  tracking_ids: { user_id: ['u1'], visitor_id: [], avantlink_avad: '' },
  user_agent: 'UA',
  current_url: 'https://s/',
};
const clickRequest = () =>
  fetch(`https://client.avantlink.com/merchants/${MERCHANT}/tracking/click`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'shop/1' },
    body: JSON.stringify(CLICK),
  });
const GOAL = {
  apikey: 'test-api-key',
  mid: 'test-merchant',
  clickSessionID: 'c',
  goalid: '1',
  mref: 'ORD-1',
  value: '5',
};

describe('msw handlers behave as the fake servers', () => {
  it('AvantLink: click accepted and recorded', async () => {
    const response = await clickRequest();
    expect([response.status, await response.json()]).toEqual([200, { success: true }]);
    expect(avantlink.clicks).toEqual([CLICK]);
  });

  it('AvantLink: documented 400 for blank tracking ids', async () => {
    const response = await fetch(`https://client.avantlink.com/merchants/${MERCHANT}/tracking/order`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': 'shop/1' },
      body: JSON.stringify({ ...CLICK, tracking_ids: { user_id: [], visitor_id: [], avantlink_avad: '' } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error_key: 'client.model.merchants_tracking.tracking_ids.blank',
    });
  });

  it('faults: status, drop (a network error) and delay', async () => {
    avantlink.injectFault({ type: 'status', status: 503, retryAfterSeconds: 1 });
    avantlink.injectFault({ type: 'drop' });
    avantlink.injectFault({ type: 'delay', ms: 20 });
    const first = await clickRequest();
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '1']);
    await expect(clickRequest()).rejects.toThrow(TypeError);
    expect((await clickRequest()).status).toBe(200);
    expect(avantlink.requests.map((r) => r.fault)).toEqual(['status', 'drop', 'delay']);
  });

  it('Aflite: POST form and GET query, goal feed', async () => {
    const posted = await fetch('http://aflite.co.uk/data/register/goal', {
      method: 'POST',
      body: new URLSearchParams(GOAL),
    });
    expect(await posted.text()).toBe('OK');
    const again = await fetch(`http://aflite.co.uk/data/register/goal?${new URLSearchParams(GOAL)}`);
    expect([again.status, await again.text()]).toEqual([409, 'Merchant Reference Must be Unique']);
    const feed = await fetch('http://aflite.co.uk/data/goals?apikey=test-api-key&mref=ORD-1');
    expect(await feed.text()).toContain('<mref>ORD-1</mref>');
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.errors).toHaveLength(1);
  });

  it('AvantLink: the legacy adjustment module at its (unconfirmed) default URL, sharing the fake', async () => {
    const params = new URLSearchParams({
      module: 'MerchantTransactionAdjustment',
      auth_key: '0123456789abcdef0123456789abcdef',
      merchant_id: '12345',
      transaction_id: 'ORD-1',
      adjustment_amount: '5.50',
      adjustment_type: 'FRAUD',
    });
    const posted = await fetch('https://classic.avantlink.com/api.php', { method: 'POST', body: params });
    expect([posted.status, await posted.json()]).toEqual([200, { success: true }]);
    const bad = await fetch(`https://classic.avantlink.com/api.php?${params}&adjustment_type=REFUND`);
    expect(bad.status).toBe(400);
    expect(avantlink.adjustments).toMatchObject([{ transaction_id: 'ORD-1', adjustment_type: 'FRAUD' }]);
    expect(avantlink.requests.map((r) => r.path)).toEqual(['/api.php', '/api.php']);
  });

  it('handlers without a given fake make their own, at their own base URL', async () => {
    const response = await fetch(`http://aflite.test/data/register/goal?${new URLSearchParams(GOAL)}`);
    expect(response.status).toBe(200);
    expect(aflite.goals).toEqual([]);
  });
});
