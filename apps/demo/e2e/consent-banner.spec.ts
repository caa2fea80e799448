import type { Page } from '@playwright/test';
import { addToCart, expect, openConsole, test } from './fixtures';

/*
 * The demo's real consent banner: vanilla-cookieconsent (from npm, served from node_modules), wired through
 * Google Consent Mode (Google's snippet: every default denied, wait_for_update; then `gtag('consent', 'update')`
 * on accept and reject) to the consent script tag (data-gcm), which moves the script tag. The banner is opt-in
 * (demo setting `banner`, as the QA console's button sets it), so the other journeys keep their own consent.
 */

const TRACKING = ['ar_ack', 'ar_attr', 'ar_touches', 'ar_vid'];
// The worker retries a failed delivery after 3 s, then 6 s: past that, a click still in the outbox is sent again.
const PAST_THE_NEXT_RETRY_MS = 7_000;

async function useBanner(page: Page): Promise<void> {
  const response = await page.request.post('/qa/api/consent', { data: { consent: 'banner' } });
  expect(response.ok(), 'the demo uses the consent banner').toBe(true);
}

const trackingCookies = async (page: Page) =>
  (await page.context().cookies())
    .map((cookie) => cookie.name)
    .filter((name) => name.startsWith('ar_'))
    .sort();

/** Requests to the collect endpoint from now on. */
function collectRequests(page: Page): string[] {
  const bodies: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/affiliate-relay/collect')) bodies.push(request.postData() ?? '');
  });
  return bodies;
}

const consentModal = (page: Page) => page.locator('#cc-main .cm');
const preferencesModal = (page: Page) => page.locator('#cc-main .pm');
const clickCalls = async (demo: { avantlink(): Promise<{ requests: { path: string }[] }> }) =>
  (await demo.avantlink()).requests.filter((request) => request.path.endsWith('/tracking/click')).length;

test('consented in the banner: the click is stored, sent, and the order is credited; the console says where consent came from', async ({
  page,
  demo,
}) => {
  await useBanner(page);
  const beacons = collectRequests(page);
  await demo.open('/products/cloudrest-pad?avad=66_banner-yes');
  await expect(consentModal(page)).toBeVisible();
  // Consent Mode's default is denied, wait_for_update: nothing before the shopper answers.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.AffiliateRelayConsent?.state())).toBe('pending');
  expect(await trackingCookies(page)).toEqual([]);
  expect(beacons).toEqual([]);

  await consentModal(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  expect((await demo.avantlink()).clicks[0]).toMatchObject({
    tracking_ids: { avantlink_avad: '66_banner-yes' },
  });
  expect(JSON.parse(beacons[0] ?? '{}')).toMatchObject({ consent: 'gcm' });
  await expect.poll(() => trackingCookies(page)).toEqual(TRACKING);

  await addToCart(page, 'cloudrest-pad');
  const orderId = await demo.checkout();
  await expect.poll(async () => (await demo.avantlink()).orders.length).toBe(1);
  expect((await demo.avantlink()).orders[0]?.order).toMatchObject({ order_number: orderId });
  expect((await demo.aflite()).requests).toEqual([]);

  // The console, in the same browser: the consent tag's state and source, and what the signed cookie remembers.
  await openConsole(page);
  await expect(page.getByTestId('consent-status')).toContainText('In this browser: granted (from gcm)');
  await expect(page.getByTestId('consent-status')).toContainText('Server cookie: consent from gcm');
  const state = await demo.state();
  expect(state.serverCookie.consent).toMatchObject({ source: 'gcm' });
});

test('refused in the banner: nothing is stored, no beacon, and no network hears of the clicks or the order', async ({
  page,
  demo,
}) => {
  await useBanner(page);
  const beacons = collectRequests(page);
  await demo.open('/c/tents?clickSource=aflite&clickSessionID=banner-no-session');
  await consentModal(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => page.evaluate(() => window.AffiliateRelayConsent?.state())).toBe('denied');
  await demo.open('/products/cloudrest-pad?avad=66_banner-no');
  await addToCart(page, 'cloudrest-pad');
  await demo.checkout();
  await expect(page.getByTestId('attribution-note')).toContainText('No network was told');

  expect(await trackingCookies(page), 'no tracking cookie').toEqual([]);
  expect(beacons, 'no beacon').toEqual([]);
  expect((await demo.avantlink()).requests, 'AvantLink heard nothing').toEqual([]);
  expect((await demo.aflite()).requests, 'Aflite heard nothing').toEqual([]);
});

test('granted, then denied in the preferences: the cookies go, the server cookie included, and the pending click is never sent', async ({
  page,
  demo,
}) => {
  await useBanner(page);
  // AvantLink is down: the click call fails and waits in the outbox for the worker's next attempt.
  await demo.injectFault('avantlink', '503', 30);
  await demo.open('/products/cloudrest-pad?avad=66_banner-withdrawn');
  await consentModal(page).getByRole('button', { name: 'Accept all' }).click();
  await expect.poll(() => clickCalls(demo)).toBeGreaterThan(0);
  await expect.poll(() => trackingCookies(page)).toEqual(TRACKING);
  expect((await demo.state()).delivery?.pending).toBe(1);

  const beacons = collectRequests(page);
  await page.getByRole('button', { name: 'Cookie preferences' }).click();
  await preferencesModal(page).getByRole('button', { name: 'Reject all' }).click();
  await expect.poll(() => page.evaluate(() => window.AffiliateRelayConsent?.state())).toBe('denied');
  // The withdrawal beacon, answered with every tracking cookie expired: ar_attr is HttpOnly, only the server can.
  await expect.poll(() => trackingCookies(page)).toEqual([]);
  expect(beacons.map((body) => JSON.parse(body))).toEqual([{ withdraw: true }]);
  expect((await demo.state()).delivery?.pending, 'the pending click was dropped').toBe(0);

  const calls = await clickCalls(demo);
  await page.waitForTimeout(PAST_THE_NEXT_RETRY_MS);
  expect(await clickCalls(demo), 'no attempt after the withdrawal').toBe(calls);
  expect((await demo.avantlink()).clicks).toEqual([]);
  // Browsing on sends nothing more.
  await demo.open('/products/cloudrest-pad?avad=66_after-withdrawal');
  await page.waitForTimeout(300);
  expect(beacons).toHaveLength(1);
  expect(await trackingCookies(page)).toEqual([]);
});
