import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AFLITE,
  exampleEnv,
  MERCHANT_ID,
  type RunningExample,
  startExample,
  startScript,
} from './shop-journeys.ts';

const WEBHOOK_ID = '8PT597110X687430LKGECATA';
// PayPal's signing key, made here; its public half is served where PAYPAL-CERT-URL points (a stand-in for
// api.paypal.com's certificate).
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const certPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const certServer = createServer((_req, res) => res.end(certPem));

let avantlink: Awaited<ReturnType<typeof startFakeAvantLink>>;
let aflite: Awaited<ReturnType<typeof startFakeAflite>>;
let shop: RunningExample;
let certUrl = '';

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
  await new Promise<void>((resolve) => certServer.listen(0, '127.0.0.1', resolve));
  const prefix = `http://127.0.0.1:${(certServer.address() as AddressInfo).port}/certs/`;
  certUrl = `${prefix}CERT-360caa42-fca2a594-a5cafa77`;
  const cwd = new URL('..', import.meta.url).pathname;
  shop = await startExample(startScript(cwd), {
    cwd,
    env: {
      ...exampleEnv(avantlink.url, aflite.url),
      PORT: '0',
      PAYPAL_WEBHOOK_ID: WEBHOOK_ID,
      PAYPAL_CERT_URL_PREFIX: prefix,
    },
  });
}, 60_000);

afterAll(async () => {
  await shop?.stop();
  await avantlink?.close();
  await aflite?.close();
  await new Promise((resolve) => certServer.close(resolve));
});

/** PayPal's webhook call, signed as PayPal documents: RSA-SHA256 of id|time|webhook id|CRC32(body). */
function webhook(event: object, options: { webhookId?: string } = {}) {
  const body = JSON.stringify(event);
  const id = randomUUID();
  const time = new Date().toISOString();
  const message = `${id}|${time}|${options.webhookId ?? WEBHOOK_ID}|${crc32(Buffer.from(body))}`;
  return fetch(`${shop.url}/webhooks/paypal`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'paypal-transmission-id': id,
      'paypal-transmission-time': time,
      'paypal-transmission-sig': sign('sha256', Buffer.from(message), keys.privateKey).toString('base64'),
      'paypal-cert-url': certUrl,
      'paypal-auth-algo': 'SHA256withRSA',
    },
    body,
  });
}

async function checkout() {
  const landing = await fetch(`${shop.url}/products/tent?avad=77_f3afbe121`, {
    headers: { 'user-agent': 'Mozilla/5.0' },
  });
  const cookie = landing.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ');
  const answer = await fetch(`${shop.url}/checkout`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', origin: shop.url },
    body: JSON.stringify({ sku: 'tent', quantity: 2 }),
  });
  const { purchase_units } = (await answer.json()) as {
    purchase_units: { invoice_id: string; custom_id: string }[];
  };
  return purchase_units[0]!;
}

// The capture as PAYMENT.CAPTURE.COMPLETED's resource has it: custom_id and invoice_id copied from the purchase unit.
const captured = (unit: { invoice_id: string; custom_id: string }) => ({
  id: `WH-${randomUUID()}`,
  event_type: 'PAYMENT.CAPTURE.COMPLETED',
  resource: {
    id: `CAP-${randomUUID().slice(0, 8)}`,
    status: 'COMPLETED',
    amount: { currency_code: 'USD', value: '216.00' },
    custom_id: unit.custom_id,
    invoice_id: unit.invoice_id,
  },
});

describe('the PayPal example, started with its `start` script against the fake networks', () => {
  it('puts a hand-off within custom_id’s 127 characters, and the signed capture webhook credits AvantLink once', async () => {
    const unit = await checkout();
    expect(unit.custom_id).toMatch(/^[A-Za-z0-9_-]{1,127}$/);
    const event = captured(unit);
    const first = await webhook(event);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { results: unknown }).results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    const again = await webhook(event);
    expect(((await again.json()) as { results: { avantlink: unknown } }).results.avantlink).toEqual({
      status: 'duplicate',
    });
    const sent = avantlink.orders.filter((o) => o.order.order_number === unit.invoice_id);
    expect(sent).toHaveLength(1);
    // The item total (2 × 100), not the captured 216.00 with tax and shipping.
    expect(sent[0]?.order).toMatchObject({ order_amount_subtotal: 200, currency: 'USD' });
    expect(aflite.goals).toEqual([]);
  });

  it('refuses a webhook signed for another webhook id, crediting nothing', async () => {
    const unit = await checkout();
    const answer = await webhook(captured(unit), { webhookId: 'ANOTHER-WEBHOOK' });
    expect(answer.status).toBe(401);
    expect(avantlink.orders.map((o) => o.order.order_number)).not.toContain(unit.invoice_id);
  });
});
