import { addToCart, expect, test } from './fixtures';

const avads = async (demo: { avantlink(): Promise<{ clicks: Record<string, unknown>[] }> }) =>
  (await demo.avantlink()).clicks.map(
    (click) => (click.tracking_ids as { avantlink_avad: string }).avantlink_avad,
  );

test('X, Y, Back to X (a full reload): the order goes to Y, and AvantLink hears of X once', async ({
  page,
  demo,
}) => {
  await demo.open('/products/summit-bivy?avad=11_x_click');
  await expect.poll(() => avads(demo)).toEqual(['11_x_click']);
  await demo.open('/products/basecamp-4-tent?avad=22_y_click');
  await expect.poll(() => avads(demo)).toEqual(['11_x_click', '22_y_click']);
  await page.goBack();
  await page.reload();
  await page.waitForFunction(() => 'AffiliateRelay' in window);
  expect(page.url()).toContain('avad=11_x_click');

  await addToCart(page, 'basecamp-4-tent');
  const orderId = await demo.checkout();
  const avantlink = await demo.avantlink();
  expect(avantlink.orders).toEqual([
    expect.objectContaining({
      tracking_ids: expect.objectContaining({ avantlink_avad: '22_y_click' }),
      order: expect.objectContaining({ order_number: orderId }),
    }),
  ]);
  expect(await avads(demo)).toEqual(['11_x_click', '22_y_click']);
});

test('X, Y, history.back() in a single-page app: the order goes to Y, X is reported once', async ({
  page,
  demo,
}) => {
  await demo.open('/products/summit-bivy?avad=33_x_spa');
  await expect.poll(() => avads(demo)).toEqual(['33_x_spa']);
  await page.evaluate(() => history.pushState({}, '', '/products/summit-bivy?avad=44_y_spa'));
  await expect.poll(() => avads(demo)).toEqual(['33_x_spa', '44_y_spa']);
  await page.evaluate(() => history.back());
  await page.waitForURL(/avad=33_x_spa/);
  // Give a wrong beacon the time to arrive, then prove none did: the state still credits Y.
  await page.waitForTimeout(500);
  const state = await demo.state();
  expect(state.decision.winners).toEqual([expect.objectContaining({ clickId: '44_y_spa' })]);

  await addToCart(page, 'summit-bivy');
  await demo.checkout();
  expect((await demo.avantlink()).orders).toEqual([
    expect.objectContaining({ tracking_ids: expect.objectContaining({ avantlink_avad: '44_y_spa' }) }),
  ]);
  expect(await avads(demo)).toEqual(['33_x_spa', '44_y_spa']);
});
