import { addToCart, expect, openConsole, test } from './fixtures';

// A click landing on the shop's origin, the payment on another origin (the demo's hosted checkout, on its own
// port), the order back by webhook with no cookie: credited from the hand-off, to the network that earned it.
const AVAD = '77_H4ndoff-Qa';

test('landing on one origin, checkout on another, webhook: AvantLink gets the order once, with no cookie at the webhook', async ({
  page,
  demo,
}) => {
  await demo.open(`/products/ridgeline-2-tent?avad=${AVAD}`);
  const shopOrigin = new URL(page.url()).origin;
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await addToCart(page, 'ridgeline-2-tent', { variant: 'Ember', quantity: 1 });
  await page.goto('/checkout');
  // The hand-off script tag (@affiliate-relay/browser/handoff) asked the shop for a hand-off and put it in the form.
  await page.waitForFunction(() => 'AffiliateRelayHandoff' in window);
  const ready = await page.evaluate(
    () => (window as { AffiliateRelayHandoff?: { ready: Promise<unknown> } }).AffiliateRelayHandoff?.ready,
  );
  expect(ready).toMatch(/^ar1[A-Za-z0-9_-]{76}$/);
  await expect(page.locator('#checkout-form input[name="ar_handoff"]')).toHaveValue(String(ready));
  await page.getByRole('button', { name: /hosted checkout/ }).click();

  // Another origin and site (localhost, not 127.0.0.1): the shop's cookies are not sent here.
  await expect(page.getByTestId('hosted-note')).toBeVisible();
  const hostedOrigin = new URL(page.url()).origin;
  expect(hostedOrigin).not.toBe(shopOrigin);
  const hostedCookies = await page.context().cookies(hostedOrigin);
  expect(hostedCookies.map((cookie) => cookie.name)).not.toContain('ar_attr');
  await page.getByRole('button', { name: 'Pay now' }).click();

  // Back on the shop: the order was reported by the webhook before the shopper returned.
  await expect(page).toHaveURL(/\/thank-you\/TH-/);
  const orderId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
  const recordings = await demo.avantlink();
  expect(recordings.orders.map((order) => order.order.order_number)).toEqual([orderId]);
  expect(recordings.orders[0]?.tracking_ids).toMatchObject({ avantlink_avad: AVAD });
  expect((await demo.aflite()).goals).toEqual([]);

  const state = await demo.state();
  const order = state.orders.find((each) => each.id === orderId);
  expect(order?.conversion.results).toEqual({ avantlink: 'sent' });
  expect(order?.conversion.via).toEqual({
    webhook: 'hosted checkout',
    cookieAtWebhook: false,
    handoffFrom: 'page',
  });

  await openConsole(page);
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="via-webhook"]`)).toContainText(
    'with no cookie',
  );
});
