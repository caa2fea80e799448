import { addToCart, expect, openConsole, test } from './fixtures';

// "Why didn't this order track?": an order placed while AvantLink is down has a page of its own that
// says it is waiting (and why); once AvantLink is back, Retry now sends it at once and the page says sent.
// The demo retries on its own after 3 s, then 6 s, 12 s…: the fault outlasts those tries until cleared.
const OUTAGE = 50;

test('an order during an outage: its page says waiting, Retry now after AvantLink is back, the page says sent', async ({
  page,
  demo,
}) => {
  await demo.open('/products/ember-20-sleeping-bag?avad=42_explain');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await addToCart(page, 'ember-20-sleeping-bag', { variant: 'Long' });
  await demo.injectFault('avantlink', '503', OUTAGE);
  const orderId = await demo.checkout();
  await expect(page.getByTestId('attribution-note')).toContainText('pending');

  // From the console's order list to the order's page.
  await openConsole(page);
  await page.locator(`[data-order="${orderId}"] [data-testid="order-link"]`).click();
  await page.waitForURL(new RegExp(`/qa/orders/${orderId}$`));
  await expect(page.getByTestId('verdict')).toHaveText('pending');
  await expect(page.getByTestId('hint')).toContainText('waiting: AvantLink unreachable since');
  await expect(page.getByTestId('hint')).toContainText('503');
  await expect(page.getByTestId('state-avantlink')).toHaveText('pending');
  expect((await demo.avantlink()).orders, 'never sent while AvantLink was down').toEqual([]);

  // AvantLink is back.
  const cleared = await page.request.post('/qa/api/fault/clear', { data: { network: 'avantlink' } });
  expect(cleared.ok()).toBe(true);
  await page.getByTestId('retry-now').click();
  await expect(page.getByTestId('verdict')).toHaveText('sent', { timeout: 15_000 });
  await expect(page.getByTestId('hint')).toContainText('AvantLink took the order at');
  await expect(page.getByTestId('retry-now')).toHaveCount(0);

  const avantlink = await demo.avantlink();
  expect(avantlink.orders).toHaveLength(1);
  expect(avantlink.orders[0]).toMatchObject({
    tracking_ids: { avantlink_avad: '42_explain' },
    order: { order_number: orderId },
  });
});

test('an order with no affiliate click: its page says no-attribution, with nothing to retry', async ({
  page,
  demo,
}) => {
  await demo.open('/products/ember-20-sleeping-bag');
  await addToCart(page, 'ember-20-sleeping-bag', { variant: 'Long' });
  const orderId = await demo.checkout();
  await page.goto(`/qa/orders/${orderId}`);
  await expect(page.getByTestId('verdict')).toHaveText('no-attribution');
  await expect(page.getByTestId('hint')).toContainText('no affiliate click was on record');
  await expect(page.getByTestId('retry-now')).toHaveCount(0);
});
