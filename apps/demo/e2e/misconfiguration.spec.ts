import { addToCart, expect, openConsole, test } from './fixtures';

test('collect endpoint unreachable: the order still goes out from the browser cookie, and the console warns', async ({
  page,
  demo,
}) => {
  // What a shop that never mounted the collect endpoint gets: every beacon 404s.
  await page.route('**/affiliate-relay/collect', (route) =>
    route.fulfill({ status: 404, body: 'Not Found' }),
  );
  await demo.open('/?clickSource=aflite&clickSessionID=cookie-only-click');
  expect((await demo.state()).serverCookie.touches, 'no signed server cookie').toEqual([]);

  await addToCart(page, 'summit-bivy');
  const orderId = await demo.checkout();
  expect((await demo.aflite()).goals).toEqual([
    expect.objectContaining({ mref: orderId, clickSessionID: 'cookie-only-click' }),
  ]);

  await openConsole(page);
  const warning = page.locator('.log-item.tone-warn', { hasText: 'Warning: browser-cookie-only' });
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('collect endpoint');
});
