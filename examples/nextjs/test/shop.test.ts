import { createServer } from 'node:net';
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
} from './shop-journeys.ts';

/*
 * NOTE: `next dev`, not `next build` + `next start`: a production build of even this small app takes
 * minutes on a busy 2-core CI machine, while `next dev` (Turbopack) serves in seconds and compiles each
 * route on its first request. It runs the same route handlers, proxy and pages. Telemetry is off.
 */

let avantlink: Awaited<ReturnType<typeof startFakeAvantLink>>;
let aflite: Awaited<ReturnType<typeof startFakeAflite>>;
let shop: RunningExample;

/** A port that was free a moment ago: `next dev` takes a fixed port, not 0. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
  const port = await freePort();
  const cwd = new URL('..', import.meta.url).pathname;
  shop = await startExample(
    [
      process.execPath,
      'node_modules/next/dist/bin/next',
      'dev',
      '--port',
      String(port),
      '--hostname',
      '127.0.0.1',
    ],
    {
      cwd,
      env: { ...exampleEnv(avantlink.url, aflite.url), NEXT_TELEMETRY_DISABLED: '1' },
      ready: /Ready in/,
      url: `http://127.0.0.1:${port}`,
      timeoutMs: 90_000,
    },
  );
}, 120_000);

afterAll(async () => {
  await shop?.stop();
  await avantlink?.close();
  await aflite?.close();
});

describe('the Next.js example, started with `next dev` against the fake networks', () => {
  it('serves the script tag file from its own origin', { timeout: 90_000 }, async () => {
    const response = await fetch(`${shop.url}/affiliate-relay.global.js`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('AffiliateRelay');
  });

  it('AvantLink: the landing captured in proxy.ts, then the order (route handler) reaches AvantLink only', {
    timeout: 90_000,
  }, async () => {
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

  it('Aflite: the beacon at the collect route handler, then the order reaches Aflite only', {
    timeout: 90_000,
  }, async () => {
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
