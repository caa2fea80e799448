import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeStripe } from './fake-stripe.ts';
import {
  AFLITE,
  eventually,
  exampleEnv,
  MERCHANT_ID,
  type RunningExample,
  startExample,
  startScript,
} from './shop-journeys.ts';

const WEBHOOK_SECRET = 'whsec_example_signing_secret_0123456789';
// The real stripe package signs the test events, as `stripe trigger` would.
const signer = new Stripe('sk_test_example', { telemetry: false });

let avantlink: Awaited<ReturnType<typeof startFakeAvantLink>>;
let aflite: Awaited<ReturnType<typeof startFakeAflite>>;
let fakeStripe: Awaited<ReturnType<typeof startFakeStripe>>;
let shop: RunningExample;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
  fakeStripe = await startFakeStripe();
  const cwd = new URL('..', import.meta.url).pathname;
  shop = await startExample(startScript(cwd), {
    cwd,
    env: {
      ...exampleEnv(avantlink.url, aflite.url),
      PORT: '0',
      STRIPE_SECRET_KEY: 'sk_test_example',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_URL: fakeStripe.url,
    },
  });
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  await avantlink?.close();
  await aflite?.close();
  await fakeStripe?.close();
});

/** Lands from an AvantLink link, checks out, and returns the Checkout Session Stripe was asked for. */
async function landAndCheckOut() {
  const landing = await fetch(`${shop.url}/products/tent?avad=77_f3afbe121`, {
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0' },
  });
  const cookie = landing.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const checkout = await fetch(`${shop.url}/checkout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/json', origin: shop.url },
    body: JSON.stringify({ sku: 'tent', quantity: 1 }),
  });
  expect(checkout.status).toBe(303);
  const id = checkout.headers.get('location')?.split('/').at(-1) ?? '';
  const session = fakeStripe.sessions.get(id);
  expect(session).toBeDefined();
  return session!;
}

/** Stripe's webhook call: the event, signed with the endpoint's secret; no cookie. */
function webhook(event: object, signWith = JSON.stringify(event)) {
  const payload = JSON.stringify(event);
  const signature = signer.webhooks.generateTestHeaderString({ payload: signWith, secret: WEBHOOK_SECRET });
  return fetch(`${shop.url}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

function completed(session: Record<string, unknown>) {
  // Paid on Stripe's page: what the session says from then on.
  Object.assign(session, { payment_status: 'paid', status: 'complete' });
  const { line_items: _none, ...object } = session;
  return { id: `evt_${session.id}`, object: 'event', type: 'checkout.session.completed', data: { object } };
}

describe('the Stripe Checkout example, started with its `start` script against fake networks and a stand-in Stripe API', () => {
  it('puts a hand-off of at most 200 characters of [A-Za-z0-9_-] in client_reference_id', async () => {
    const session = await landAndCheckOut();
    expect(session.client_reference_id).toMatch(/^[A-Za-z0-9_-]{1,200}$/);
  });

  it('the signed checkout.session.completed webhook (no cookie) reports the order to AvantLink, once', async () => {
    const session = await landAndCheckOut();
    const event = completed(session);
    const first = await webhook(event);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: unknown }).results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    // Stripe retries a webhook it thinks failed: the same session is the same order.
    const again = await webhook(event);
    expect(((await again.json()) as { results: { avantlink: unknown } }).results.avantlink).toEqual({
      status: 'duplicate',
    });
    await eventually(() => avantlink.orders.some((o) => o.order.order_number === session.id), 'the order');
    const sent = avantlink.orders.filter((o) => o.order.order_number === session.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.order).toMatchObject({ order_amount_subtotal: 100, currency: 'USD' });
    expect(sent[0]?.tracking_ids.avantlink_avad).toBe('77_f3afbe121');
    expect(aflite.goals).toEqual([]);
  });

  it('refuses a webhook whose signature does not hold (stripe.webhooks.constructEvent), crediting nothing', async () => {
    const session = await landAndCheckOut();
    const event = completed(session);
    const tampered = await webhook(event, JSON.stringify({ ...event, id: 'evt_other' }));
    expect(tampered.status).toBe(400);
    expect(await tampered.text()).toMatch(/signature/i);
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(session.id);
  });

  it('an edited client_reference_id (set by a browser, say) credits no one', async () => {
    const session = await landAndCheckOut();
    const token = String(session.client_reference_id);
    session.client_reference_id = `${token.slice(0, 20)}${token[20] === 'x' ? 'y' : 'x'}${token.slice(21)}`;
    const answer = await webhook(completed(session));
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { results: unknown }).results).toEqual({
      avantlink: { status: 'skipped', reason: 'handoff-edited' },
      aflite: { status: 'skipped', reason: 'handoff-edited' },
    });
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(session.id);
  });
});
