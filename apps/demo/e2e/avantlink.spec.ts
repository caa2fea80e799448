import { addToCart, expect, test } from './fixtures';

// AvantLink's click token, to be sent exactly as received (specs/avantlink-click-tracking.txt).
const AVAD = '77_F3afbe121-Qa';

test('an AvantLink click on a deep link, browsing and checkout: the fake holds the click and the order with every field', async ({
  page,
  demo,
}) => {
  const landing = `/products/switchback-45-pack?avad=${AVAD}`;
  await demo.open(landing);
  // The demo's own origin (its port is DEMO_E2E_PORT's).
  const origin = new URL(page.url()).origin;
  const userAgent = await page.evaluate(() => navigator.userAgent);

  // The click call is made by the relay in the background, after the beacon.
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  const visitorId = (await page.context().cookies()).find((cookie) => cookie.name === 'ar_vid')?.value;
  expect(visitorId, 'the script set a visitor id').toMatch(/^[A-Za-z0-9_-]{8,64}$/);

  const click = (await demo.avantlink()).requests[0]!;
  expect(click.method).toBe('POST');
  expect(click.path).toBe('/merchants/7c1a5f3e-4b2d-4e8a-9f61-0d3c2b1a9e57/tracking/click');
  expect(click.status).toBe(200);
  expect(click.headers['content-type']).toMatch(/^application\/json/);
  expect(click.headers.accept).toMatch(/application\/json/);
  // The header is the merchant server's own; the shopper's browser UA goes in the body.
  expect(click.headers['user-agent']).toMatch(/^affiliate-relay-node\//);
  expect(click.body).toEqual({
    tracking_ids: { user_id: [], visitor_id: [visitorId], avantlink_avad: AVAD },
    user_agent: userAgent,
    current_url: `${origin}${landing}`,
  });

  // Browse: a category, another product, the cart.
  await page.getByRole('link', { name: 'Tents' }).first().click();
  await page
    .getByRole('link', { name: /Ridgeline 2 Tent/ })
    .first()
    .click();
  await addToCart(page, 'ridgeline-2-tent', { variant: 'Ember', quantity: 2 });
  await addToCart(page, 'switchback-45-pack', { variant: 'Large' });
  await expect(page.locator('.cart-count')).toHaveText('3');

  const orderId = await demo.checkout({ coupon: 'trail10', country: 'USA', state: 'UT' });
  expect(orderId).toMatch(/^TH-/);
  await expect(page.getByTestId('attribution-note')).toContainText('AvantLink');

  const recordings = await demo.avantlink();
  expect(recordings.orders).toHaveLength(1);
  const orderCall = recordings.requests.at(-1)!;
  expect(orderCall.path).toBe('/merchants/7c1a5f3e-4b2d-4e8a-9f61-0d3c2b1a9e57/tracking/order');
  expect(orderCall.status).toBe(200);
  expect(orderCall.headers['content-type']).toMatch(/^application\/json/);
  expect(orderCall.headers['user-agent']).toMatch(/^affiliate-relay-node\//);
  // (2 × 349 + 189) = 887, less 10 % (TRAIL10) = 798.30: the subtotal without tax and shipping.
  expect(orderCall.body).toEqual({
    tracking_ids: { user_id: [], visitor_id: [visitorId], avantlink_avad: AVAD },
    user_agent: userAgent,
    current_url: `${origin}/checkout`,
    order: {
      order_number: orderId,
      order_amount_subtotal: 798.3,
      currency: 'USD',
      coupon_codes: ['TRAIL10'],
      customer: { new_customer: true, country: 'USA', state: 'UT' },
      products: [
        { parent_sku: 'TENT-RL2', variant_sku: 'TENT-RL2-EMBER', price: 349, qty: 2 },
        { parent_sku: 'PACK-SW45', variant_sku: 'PACK-SW45-L', price: 189, qty: 1 },
      ],
    },
  });
  expect((await demo.aflite()).requests, 'Aflite earned nothing and heard nothing').toEqual([]);

  await demo.screenshotConsole('avantlink');
  await expect(page.getByTestId('decision-headline')).toContainText('AvantLink');
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="delivery-avantlink"]`)).toContainText(
    'reported',
  );
});
