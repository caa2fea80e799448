import { addToCart, expect, test } from './fixtures';

test('a beacon lost on the landing: the next page resends it, the click reaches AvantLink once and earns the sale', async ({
  page,
  demo,
}) => {
  let aborted = 0;
  await page.route('**/affiliate-relay/collect', async (route) => {
    aborted += 1;
    await route.abort();
  });
  await demo.open('/products/summit-bivy?avad=66_lost_beacon');
  await expect.poll(() => aborted).toBe(1);
  await page.unroute('**/affiliate-relay/collect');
  expect((await demo.avantlink()).clicks).toEqual([]);

  await demo.open('/c/tents');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  expect((await demo.avantlink()).clicks[0]).toMatchObject({
    tracking_ids: { avantlink_avad: '66_lost_beacon' },
  });
  await expect.poll(async () => (await demo.state()).serverCookie.touches.length).toBe(1);

  await addToCart(page, 'summit-bivy');
  await demo.checkout();
  const avantlink = await demo.avantlink();
  expect(avantlink.orders).toEqual([
    expect.objectContaining({ tracking_ids: expect.objectContaining({ avantlink_avad: '66_lost_beacon' }) }),
  ]);
  expect(avantlink.clicks, 'the click call was made once').toHaveLength(1);
});
