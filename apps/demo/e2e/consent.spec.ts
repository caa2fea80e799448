import { addToCart, expect, openConsole, test } from './fixtures';

test('with consent pending, nothing is stored or sent; allowing cookies starts tracking', async ({
  page,
  demo,
}) => {
  // The QA console's consent toggle sets the demo's consent to pending.
  await openConsole(page);
  await page.getByRole('switch').click();
  await expect(page.getByRole('switch')).toHaveAttribute('aria-checked', 'false');

  const beacons: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/affiliate-relay/collect')) beacons.push(request.url());
  });
  await demo.open('/products/cloudrest-pad?avad=66_no-consent');
  await page.goto('/c/tents?clickSource=aflite&clickSessionID=no-consent-session');
  await expect(page.locator('.consent-banner')).toBeVisible();
  await addToCart(page, 'cloudrest-pad');
  const orderId = await demo.checkout();
  await expect(page.getByTestId('attribution-note')).toContainText('No network was told');

  const cookieNames = (await page.context().cookies()).map((cookie) => cookie.name);
  expect(
    cookieNames.filter((name) => name.startsWith('ar_')),
    'no tracking cookie',
  ).toEqual([]);
  expect(beacons, 'no beacon').toEqual([]);
  expect((await demo.avantlink()).requests, 'AvantLink heard nothing').toEqual([]);
  expect((await demo.aflite()).requests, 'Aflite heard nothing').toEqual([]);
  const state = await demo.state();
  expect(state.log.filter((item) => item.source === 'browser')).toEqual([]);
  expect(state.orders.find((order) => order.id === orderId)?.conversion.results).toEqual({});

  await demo.screenshotConsole('consent-pending');

  // The shopper agrees on the landing page: the click it carries is stored and sent at once.
  await demo.open('/products/cloudrest-pad?avad=66_after-consent');
  await page.getByRole('button', { name: 'Allow affiliate cookies' }).click();
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  expect((await demo.avantlink()).clicks[0]).toMatchObject({
    tracking_ids: { avantlink_avad: '66_after-consent' },
  });
  expect(beacons).toHaveLength(1);
});
