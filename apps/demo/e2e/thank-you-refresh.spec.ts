import { addToCart, expect, test } from './fixtures';

test('refreshing the thank-you page adds nothing at any network', async ({ page, demo }) => {
  await demo.open('/products/daylight-22-pack?avad=31_refresh');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await addToCart(page, 'daylight-22-pack');
  const orderId = await demo.checkout();
  const thankYou = page.url();
  const before = (await demo.avantlink()).requests.length;
  expect((await demo.avantlink()).orders).toHaveLength(1);

  for (let reload = 0; reload < 3; reload += 1) {
    await page.reload();
    await expect(page.getByTestId('order-id')).toHaveText(orderId);
  }
  await page.goto(thankYou);
  // Going back re-requests the checkout page, never the POST (303 See Other).
  await page.goBack();

  const after = await demo.avantlink();
  expect(after.requests, 'no call reached AvantLink after the order').toHaveLength(before);
  expect(after.orders).toHaveLength(1);
  expect((await demo.aflite()).requests).toEqual([]);
  const state = await demo.state();
  expect(state.orders.map((order) => order.id)).toEqual([orderId]);
});
