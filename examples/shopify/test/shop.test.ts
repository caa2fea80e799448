import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutPixel, type PixelApi } from '../src/pixel.ts';
import {
  AFLITE,
  eventually,
  exampleEnv,
  MERCHANT_ID,
  type RunningExample,
  startExample,
  startScript,
} from './shop-journeys.ts';

const APP_SECRET = 'shpss_example_app_secret_0123456789abcdef';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0';

let avantlink: Awaited<ReturnType<typeof startFakeAvantLink>>;
let aflite: Awaited<ReturnType<typeof startFakeAflite>>;
let shop: RunningExample;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
  const cwd = new URL('..', import.meta.url).pathname;
  shop = await startExample(startScript(cwd), {
    cwd,
    env: { ...exampleEnv(avantlink.url, aflite.url), PORT: '0', SHOPIFY_API_SECRET: APP_SECRET },
  });
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  await avantlink?.close();
  await aflite?.close();
});

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');

/**
 * A shopper lands from an affiliate link, then the storefront does what the hand-off script tag does (it runs in
 * a browser in the demo's journey): POST the app proxy's hand-off endpoint, then `/cart/update.js`. Returns the
 * cart as `/cart.js` tells it and the cookie the pixel would read.
 */
async function shopper(landing: string) {
  const page = await fetch(`${shop.url}${landing}`, { headers: { 'user-agent': BROWSER_UA } });
  expect(await page.text()).toContain('affiliate-relay.handoff.global.js');
  // The theme page is Shopify's: the click is captured by the script's beacon, as the browser would send it.
  const url = new URL(landing, shop.url);
  const avad = url.searchParams.get('avad');
  const touch = avad
    ? { network: 'avantlink', clickId: avad }
    : { network: 'aflite', clickId: url.searchParams.get('clickSessionID') };
  const beacon = await fetch(`${shop.url}/apps/affiliate-relay/collect`, {
    method: 'POST',
    headers: { 'user-agent': BROWSER_UA, 'content-type': 'text/plain;charset=UTF-8', origin: shop.url },
    body: JSON.stringify({
      touches: [{ ...touch, capturedAt: Date.now() - 1000, landingUrl: url.href }],
      visitorId: `vis_${Math.random().toString(36).slice(2, 10)}`,
      pageUrl: url.href,
    }),
  });
  expect(beacon.status).toBe(204);
  let cookie = cookiesOf(beacon);
  const handoff = await fetch(`${shop.url}/apps/affiliate-relay/handoff`, {
    method: 'POST',
    headers: { cookie, origin: shop.url },
  });
  expect(handoff.headers.get('cache-control')).toBe('no-store');
  const { handoff: token } = (await handoff.json()) as { handoff: string };
  const update = await fetch(`${shop.url}/cart/update.js`, {
    method: 'POST',
    headers: { cookie, origin: shop.url, 'content-type': 'application/json' },
    body: JSON.stringify({ attributes: { _ar_handoff: token } }),
  });
  cookie = `${cookie}; ${cookiesOf(update)}`;
  const cart = (await (await fetch(`${shop.url}/cart.js`, { headers: { cookie } })).json()) as {
    token: string;
    attributes: Record<string, string>;
  };
  return { token, cart, pixelCookie: `${token}.ack` };
}

/** The orders/create webhook Shopify sends for that cart (REST Admin API shape), signed as shopify.dev documents. */
async function ordersCreate(
  cart: { token: string; attributes: Record<string, string> },
  options: { lost?: boolean; secret?: string } = {},
) {
  const order = {
    id: Math.floor(Math.random() * 1e15),
    name: '#1001',
    currency: 'USD',
    subtotal_price: '199.00',
    total_price: '215.92',
    checkout_token: cart.token,
    discount_codes: [],
    note_attributes: options.lost
      ? []
      : Object.entries(cart.attributes).map(([name, value]) => ({ name, value })),
    line_items: [
      { id: 1, sku: 'TENT-2P', product_id: 632910392, variant_id: 808950810, price: '199.00', quantity: 1 },
    ],
  };
  const body = JSON.stringify(order);
  // WebCrypto here, node:crypto in the app: two implementations of the documented algorithm must agree.
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(options.secret ?? APP_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const hmac = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))).toString(
    'base64',
  );
  const response = await fetch(`${shop.url}/webhooks/orders-create`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': hmac,
      'x-shopify-topic': 'orders/create',
    },
    body,
  });
  return { order, response, answer: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The pixel, given Shopify's API as an emulation: fires checkout_completed for a checkout token. */
async function pixelFires(checkoutToken: string, cookie: string) {
  let callback: ((event: { data: { checkout: { token: string } } }) => void | Promise<void>) | undefined;
  const api: PixelApi = {
    analytics: {
      subscribe: (_name, handler) => {
        callback = handler;
      },
    },
    browser: { cookie: { get: async (name) => (name === 'ar_handoff' ? cookie : '') } },
    settings: { endpoint: `${shop.url}/apps/affiliate-relay/pixel` },
  };
  checkoutPixel(api);
  await callback?.({ data: { checkout: { token: checkoutToken } } });
}

describe('the Shopify example, started with its `start` script against the fake networks', () => {
  it('serves both script tags through the app proxy, the hand-off entry apart from the main script', async () => {
    const handoff = await fetch(`${shop.url}/apps/affiliate-relay/affiliate-relay.handoff.global.js`);
    expect(handoff.status).toBe(200);
    const code = await handoff.text();
    expect(code).toContain('/cart/update.js');
    expect(code).not.toContain('ar_touches');
    expect((await fetch(`${shop.url}/apps/affiliate-relay/affiliate-relay.global.js`)).status).toBe(200);
  });

  it('the cart carries the hand-off, and the signed orders/create webhook reports the order to AvantLink once', async () => {
    const { token, cart } = await shopper('/products/tent?avad=77_f3afbe121');
    expect(cart.attributes._ar_handoff).toBe(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{1,127}$/);
    const { order, answer } = await ordersCreate(cart);
    expect(answer.results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    // Shopify retries webhooks: still once.
    const retry = await fetch(`${shop.url}/webhooks/orders-create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-hmac-sha256': await hmacOf(JSON.stringify(order)),
      },
      body: JSON.stringify(order),
    });
    expect(((await retry.json()) as { results: { avantlink: unknown } }).results.avantlink).toEqual({
      status: 'duplicate',
    });
    const sent = avantlink.orders.filter((o) => o.order.order_number === String(order.id));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.order).toMatchObject({ order_amount_subtotal: 199, currency: 'USD' });
  });

  it('refuses a webhook whose X-Shopify-Hmac-Sha256 does not match the body', async () => {
    const { cart } = await shopper('/products/tent?avad=77_f3afbe121');
    const { order, response } = await ordersCreate(cart, { secret: 'not-the-app-secret-at-all-0123456789' });
    expect(response.status).toBe(401);
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(String(order.id));
  });

  it('an order whose cart lost its attributes (Shop Pay) is credited through the Web Pixel, once', async () => {
    const { cart, pixelCookie } = await shopper('/products/tent?clickSource=aflite&clickSessionID=shoppay42');
    const { order, answer } = await ordersCreate(cart, { lost: true });
    expect(answer).toMatchObject({ waiting: 'pixel' });
    expect(aflite.goals.map((goal) => goal.mref)).not.toContain(String(order.id));
    await pixelFires(cart.token, pixelCookie);
    await eventually(() => aflite.goals.some((goal) => goal.mref === String(order.id)), 'the Aflite goal');
    // The pixel fires again (a reload of the thank-you page): nothing more.
    await pixelFires(cart.token, pixelCookie);
    expect(aflite.goals.filter((goal) => goal.mref === String(order.id))).toHaveLength(1);
    expect(aflite.goals.find((goal) => goal.mref === String(order.id))?.clickSessionID).toBe('shoppay42');
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(String(order.id));
  });

  it('when the pixel comes first, the attribute-less webhook is credited at once, once', async () => {
    const { cart, pixelCookie } = await shopper(
      '/products/tent?clickSource=aflite&clickSessionID=pixelfirst7',
    );
    await pixelFires(cart.token, pixelCookie);
    const { order, answer } = await ordersCreate(cart, { lost: true });
    expect(answer.results).toEqual({
      avantlink: { status: 'skipped', reason: 'no-touch' },
      aflite: { status: 'sent' },
    });
    expect(aflite.goals.filter((goal) => goal.mref === String(order.id))).toHaveLength(1);
  });
});

async function hmacOf(body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(APP_SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))).toString(
    'base64',
  );
}
