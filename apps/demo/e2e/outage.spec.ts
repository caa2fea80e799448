import { addToCart, expect, openConsole, test } from './fixtures';

// Checkout makes one attempt per network (no retry, within its budget), then the delivery is
// pending and the relay's worker retries it (after 3 s in the demo).
const CHECKOUT_ATTEMPTS = 1;
// A failed register/goal may have been recorded: the worker's retry asks the goal feed first.
const AFLITE_CALLS_BEFORE_PENDING = 1;
const RETRIED = { timeout: 15_000 };

test('AvantLink failing during checkout: the order is pending, and arrives once AvantLink recovers', async ({
  page,
  demo,
}) => {
  await demo.open('/products/ember-20-sleeping-bag?avad=42_outage');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await addToCart(page, 'ember-20-sleeping-bag', { variant: 'Long' });

  await demo.injectFault('avantlink', '503', CHECKOUT_ATTEMPTS);
  const orderId = await demo.checkout();
  await expect(page.getByTestId('attribution-note')).toContainText('pending');

  let avantlink = await demo.avantlink();
  expect(avantlink.orders, 'nothing was recorded while AvantLink was down').toEqual([]);
  const failed = avantlink.requests.filter((request) => request.path.endsWith('/tracking/order'));
  expect(failed.map((request) => [request.status, request.fault])).toEqual(
    Array.from({ length: CHECKOUT_ATTEMPTS }, () => [503, 'status']),
  );
  expect(
    failed.every((request) => (request.body.order as { order_number: string }).order_number === orderId),
  ).toBe(true);

  // AvantLink is back (the fault is used up): the worker retries it. The console may still show it
  // pending, or (on a slow machine, past the demo's 3 s retry) already reported: the attempt count
  // says it was pending between, the checkout's failed attempt and the worker's good one.
  await openConsole(page);
  const cell = page.locator(`[data-order="${orderId}"] [data-testid="delivery-avantlink"]`);
  await expect(cell).toContainText('reported', RETRIED);
  await expect(cell).toContainText(`${CHECKOUT_ATTEMPTS + 1} attempts`);

  avantlink = await demo.avantlink();
  expect(avantlink.orders).toHaveLength(1);
  expect(avantlink.orders[0]).toMatchObject({
    tracking_ids: { avantlink_avad: '42_outage' },
    order: {
      order_number: orderId,
      order_amount_subtotal: 259,
      currency: 'USD',
      products: [{ parent_sku: 'SLEEP-EM20', variant_sku: 'SLEEP-EM20-L', price: 259, qty: 1 }],
    },
  });
  // The redelivery is the same order (the same order_number), sent once more: AvantLink dedupes by it.
  expect(
    avantlink.requests.filter((request) => request.status === 200 && request.path.endsWith('/order')),
  ).toHaveLength(1);
  expect((await demo.aflite()).requests).toEqual([]);

  await demo.screenshotConsole('outage-recovered');
});

test('Aflite failing during checkout: the goal is pending, then registered exactly once', async ({
  page,
  demo,
}) => {
  await demo.open('/c/packs?clickSource=aflite&clickSessionID=outage-session-7');
  await expect.poll(async () => (await demo.state()).serverCookie.touches.length).toBe(1);
  await addToCart(page, 'switchback-45-pack');

  await demo.injectFault('aflite', '503', AFLITE_CALLS_BEFORE_PENDING);
  const orderId = await demo.checkout();
  await expect(page.getByTestId('attribution-note')).toContainText('pending');
  expect((await demo.aflite()).goals).toEqual([]);

  // As above: pending, then reported by the worker on its second attempt.
  await openConsole(page);
  const cell = page.locator(`[data-order="${orderId}"] [data-testid="delivery-aflite"]`);
  await expect(cell).toContainText('reported', RETRIED);
  await expect(cell).toContainText(`${AFLITE_CALLS_BEFORE_PENDING + 1} attempts`);

  const aflite = await demo.aflite();
  expect(aflite.goals).toEqual([
    expect.objectContaining({ mref: orderId, clickSessionID: 'outage-session-7', value: '189.00' }),
  ]);
  expect(aflite.errors, 'the mref was never reused').toEqual([]);
  // The worker's retry asked the goal feed before sending the goal again.
  const afterOutage = aflite.requests.slice(AFLITE_CALLS_BEFORE_PENDING).map((request) => request.path);
  expect(afterOutage).toEqual(['/data/goals', '/data/register/goal']);
  const registered = aflite.requests.filter(
    (request) => request.path === '/data/register/goal' && request.status === 200,
  );
  expect(registered).toHaveLength(1);
});
