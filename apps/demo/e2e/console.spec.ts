import { expect, openConsole, test } from './fixtures';

test("the console's buttons: simulated clicks on fresh deep links, fault injection, and reset", async ({
  page,
  demo,
}) => {
  await openConsole(page);
  await expect(page.getByTestId('decision-headline')).toHaveText('No network would be credited');

  // "AvantLink click" lands on a product page carrying a fresh avad, which reaches AvantLink as it is.
  await page.getByTestId('simulate-avantlink').click();
  await page.waitForURL(/\/products\/[a-z0-9-]+\?avad=/);
  const avad = new URL(page.url()).searchParams.get('avad');
  expect(avad).toMatch(/^\d{2}_[0-9a-f]{9}$/);
  await expect
    .poll(async () => (await demo.avantlink()).clicks)
    .toEqual([expect.objectContaining({ tracking_ids: expect.objectContaining({ avantlink_avad: avad }) })]);

  await openConsole(page);
  await page.getByTestId('simulate-aflite').click();
  await page.waitForURL(/\/c\/[a-z]+\?clickSource=aflite&clickSessionID=/);
  const session = new URL(page.url()).searchParams.get('clickSessionID');
  await expect.poll(async () => (await demo.state()).serverCookie.touches.length).toBe(2);

  await openConsole(page);
  await expect(page.getByTestId('decision-headline')).toContainText('Aflite');
  await expect(page.getByTestId('cookie-ar_attr')).toContainText(session ?? 'missing');
  await expect(page.getByTestId('cookie-ar_attr')).toContainText(avad ?? 'missing');
  await expect(page.getByTestId('cookie-ar_touches')).toContainText(session ?? 'missing');

  // Fault injection from the form: the console counts the calls that will fail.
  const avantlinkFaults = page.locator('[data-fault="avantlink"]');
  await avantlinkFaults.getByLabel('AvantLink: number of calls to fail').fill('2');
  await avantlinkFaults.getByLabel('AvantLink: how they fail').selectOption('drop');
  await avantlinkFaults.getByRole('button', { name: 'Inject' }).click();
  await expect(page.locator('[data-fault-pending="avantlink"]')).toHaveText('2 will fail');
  expect((await demo.state()).networks.avantlink.faultsPending).toBe(2);

  // Reset forgets the fakes' recordings, the faults, the orders and this browser's cookies.
  await page.getByRole('button', { name: 'Reset everything' }).click();
  await page.waitForLoadState('load');
  await expect(page.getByTestId('decision-headline')).toHaveText('No network would be credited');
  const state = await demo.state();
  expect(state.networks.avantlink.faultsPending).toBe(0);
  expect(state.log).toEqual([]);
  expect(state.serverCookie.present).toBe(false);
  expect(state.browserCookie.touches).toEqual([]);
  expect((await demo.avantlink()).requests).toEqual([]);
  await expect(page.locator('[data-fault-pending="avantlink"]')).toHaveText('');
});

test('the console and a shop page load without a failed request: the favicon is served', async ({
  page,
  demo,
}) => {
  const failed: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await openConsole(page);
  await demo.open('/products/ridgeline-2-tent');
  const linked = await page.locator('link[rel="icon"]').getAttribute('href');
  for (const path of [linked ?? 'no <link rel="icon">', '/favicon.ico']) {
    const icon = await page.request.get(path);
    expect(icon.status(), path).toBe(200);
    expect(icon.headers()['content-type'], path).toBe('image/svg+xml');
  }
  expect(failed).toEqual([]);
});
