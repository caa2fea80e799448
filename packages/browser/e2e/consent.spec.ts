import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';

const AVAD = '77_f3afbe121';
const DAY_SECONDS = 86_400;

const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort();

/*
 * The npm build always runs as a module and takes its options from init(). The script tag reads its own tag's
 * data-* attributes; as type="module" (and in some loaders) document.currentScript is null, so it must find the
 * tag another way, and fail closed (consent pending) when it cannot.
 */
test.describe('the script tag finds its own attributes however it is loaded', () => {
  test('a module script tag with data-consent="pending" stores and sends nothing until granted', async ({
    page,
    context,
    journey,
  }) => {
    const collectRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/affiliate-relay/collect')) collectRequests.push(request.url());
    });
    journey.server.setPageOptions({ consent: 'pending', module: true });
    await journey.open(page, `products/tent?avad=${AVAD}`);
    await page.evaluate(() => history.pushState({}, '', '?avad=also_pending'));

    expect(await context.cookies()).toEqual([]);
    expect(collectRequests).toEqual([]);
    expect(await page.evaluate(() => window.AffiliateRelay?.visitorId())).toBeUndefined();

    await page.evaluate(() => window.AffiliateRelay?.grantConsent());
    await expect.poll(() => journey.server.beacons.length).toBe(1);
    // ar_ack is the collect endpoint's answer to the beacon.
    await expect.poll(() => cookieNames(context)).toEqual(['ar_ack', 'ar_touches', 'ar_vid']);
  });

  test('a renamed module script tag marked data-affiliate-relay is found: its data-window-days applies', async ({
    page,
    context,
    journey,
  }) => {
    journey.server.setPageOptions({ module: true, renamed: true, marker: true, windowDays: 45 });
    await journey.open(page, `products/tent?avad=${AVAD}`);
    await expect.poll(() => journey.server.beacons.length).toBe(1);
    const touches = (await context.cookies()).find((c) => c.name === 'ar_touches');
    const days = ((touches?.expires ?? 0) - Date.now() / 1000) / DAY_SECONDS;
    expect(days).toBeGreaterThan(44.9);
    expect(days).toBeLessThanOrEqual(45);
  });

  test('a tag the script cannot find fails closed (pending); the npm default stays granted', async ({
    page,
    context,
    journey,
    build,
  }) => {
    journey.server.setPageOptions({ module: true, renamed: true });
    await journey.open(page, `products/tent?avad=${AVAD}`);
    if (build === 'npm') {
      await expect.poll(() => journey.server.beacons.length).toBe(1);
      // ar_ack is the collect endpoint's answer to the beacon.
      await expect.poll(() => cookieNames(context)).toEqual(['ar_ack', 'ar_touches', 'ar_vid']);
      return;
    }
    await page.evaluate(() => history.pushState({}, '', '?avad=while_pending'));
    expect(await context.cookies()).toEqual([]);
    expect(journey.server.beacons).toEqual([]);
    await page.evaluate(() => window.AffiliateRelay?.grantConsent());
    await expect.poll(() => journey.server.beacons.length).toBe(1);
    // ar_ack is the collect endpoint's answer to the beacon.
    await expect.poll(() => cookieNames(context)).toEqual(['ar_ack', 'ar_touches', 'ar_vid']);
  });
});

test('loaded twice, revokeConsent() on window.AffiliateRelay stops the script for good', async ({
  page,
  context,
  journey,
}) => {
  journey.server.setPageOptions({ twice: true });
  await journey.open(page, `products/tent?avad=${AVAD}`);
  await expect.poll(() => journey.server.beacons.length).toBe(1);

  await page.evaluate(() => window.AffiliateRelay?.revokeConsent());
  expect(await context.cookies()).toEqual([]);
  // Another copy of the script, still granted, would store and beacon this click.
  await page.evaluate(() => history.pushState({}, '', 'cart?avad=after_revoke'));
  await page.evaluate(() => history.replaceState({}, '', 'cart?avad=after_revoke_2'));
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  // The click's beacon, then the withdrawal that tells the server (to expire ar_attr): nothing after it.
  await expect.poll(() => journey.server.beacons.length).toBe(2);
  expect(journey.server.beacons[1]?.body).toEqual({ withdraw: true });
  await page.waitForTimeout(300);
  expect(journey.server.beacons).toHaveLength(2);
});
