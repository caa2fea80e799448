import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AFLITE,
  afliteJourney,
  avantLinkJourney,
  eventually,
  exampleEnv,
  MERCHANT_ID,
  type RunningExample,
  startExample,
  startScript,
} from './shop-journeys.ts';

let avantlink: Awaited<ReturnType<typeof startFakeAvantLink>>;
let aflite: Awaited<ReturnType<typeof startFakeAflite>>;
let shop: RunningExample;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
  const cwd = new URL('..', import.meta.url).pathname;
  shop = await startExample(startScript(cwd), {
    cwd,
    env: { ...exampleEnv(avantlink.url, aflite.url), PORT: '0' },
  });
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  await avantlink?.close();
  await aflite?.close();
});

describe('the Hono example, started with its `start` script (`node --import tsx src/server.ts`) against the fake networks', () => {
  it('serves the script tag file from its own origin', async () => {
    const response = await fetch(`${shop.url}/affiliate-relay.global.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('AffiliateRelay');
  });

  it('AvantLink: server-side capture of the landing, then the order reaches AvantLink only', async () => {
    const { landing, page, cookie, checkout, order } = await avantLinkJourney(shop.url);
    expect(landing.status).toBe(200);
    expect(page).toContain('data-endpoint="/affiliate-relay/collect"');
    expect(cookie).toMatch(/^ar_attr=/);
    await eventually(() => avantlink.clicks.length === 1, 'the AvantLink click');
    expect(avantlink.clicks[0]?.tracking_ids.avantlink_avad).toBe('77_f3afbe121');
    expect(checkout.status).toBe(200);
    expect(order.results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    expect(avantlink.orders.map((o) => [o.order.order_number, o.order.order_amount_subtotal])).toEqual([
      [order.orderId, 100],
    ]);
    expect(aflite.goals).toEqual([]);
  });

  it('Aflite: the beacon at the collect endpoint, then the order reaches Aflite only', async () => {
    const { beacon, cookie, checkout, order } = await afliteJourney(shop.url);
    expect(beacon.status).toBe(204);
    expect(cookie).toMatch(/^ar_attr=/);
    expect(checkout.status).toBe(200);
    expect(order.results).toEqual({
      avantlink: { status: 'skipped', reason: 'no-touch' },
      aflite: { status: 'sent' },
    });
    expect(aflite.goals.map((goal) => [goal.clickSessionID, goal.mref, goal.value])).toEqual([
      ['abc123', order.orderId, '200.00'],
    ]);
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(order.orderId);
  });
});
