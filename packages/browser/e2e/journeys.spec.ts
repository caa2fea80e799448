import { decodeTouches } from '@affiliate-relay/core';
import { beaconSchema } from '@affiliate-relay/core/schemas';
import type { BrowserContext } from '@playwright/test';
import { expect, test } from './fixtures';
import type { ReceivedBeacon } from './shop-server';

const AVAD = '77_f3afbe121';
const DAY_SECONDS = 86_400;

async function cookie(context: BrowserContext, name: string) {
  return (await context.cookies()).find((c) => c.name === name);
}

/** Waits for the n-th beacon, then checks that every one so far is valid for the collect endpoint. */
async function beacon(beacons: ReceivedBeacon[], count: number) {
  await expect.poll(() => beacons.length).toBeGreaterThanOrEqual(count);
  for (const received of beacons) {
    expect(received.contentType).toMatch(/^text\/plain/);
    beaconSchema.parse(received.body);
  }
  return beaconSchema.parse(beacons[count - 1]?.body);
}

test('an AvantLink deep link on a product page sets the cookie and beacons the exact avad', async ({
  page,
  context,
  journey,
}) => {
  await journey.open(page, `products/tent?avad=${AVAD}`);
  const body = await beacon(journey.server.beacons, 1);
  expect(body.touches).toEqual([expect.objectContaining({ network: 'avantlink', clickId: AVAD })]);
  // The landing URL is the page's own: sent once, as pageUrl.
  expect(body.touches[0]).not.toHaveProperty('landingUrl');
  expect(body.pageUrl).toBe(journey.url(`products/tent?avad=${AVAD}`));

  const touches = await cookie(context, 'ar_touches');
  expect(decodeTouches(touches?.value)).toEqual([
    expect.objectContaining({ network: 'avantlink', clickId: AVAD }),
  ]);
  expect(touches).toMatchObject({ domain: '127.0.0.1', path: '/', sameSite: 'Lax', secure: false });
  const days = ((touches?.expires ?? 0) - Date.now() / 1000) / DAY_SECONDS;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);

  const visitor = await cookie(context, 'ar_vid');
  expect(visitor?.value).toBe(body.visitorId);
  expect(await page.evaluate(() => window.AffiliateRelay?.visitorId())).toBe(body.visitorId);
});

test('an Aflite landing sets the cookie and beacons the clickSessionID', async ({
  page,
  context,
  journey,
}) => {
  await journey.open(page, '?clickSource=aflite&clickSessionID=abc123');
  const body = await beacon(journey.server.beacons, 1);
  expect(body.touches).toEqual([expect.objectContaining({ network: 'aflite', clickId: 'abc123' })]);
  expect(decodeTouches((await cookie(context, 'ar_touches'))?.value)).toEqual([
    expect.objectContaining({ network: 'aflite', clickId: 'abc123' }),
  ]);
});

test('Aflite then AvantLink keeps both touches; plain page views send nothing', async ({
  page,
  context,
  journey,
}) => {
  await journey.open(page, '?clickSource=aflite&clickSessionID=abc123');
  await beacon(journey.server.beacons, 1);
  await journey.open(page, 'cart');
  await journey.open(page, `products/tent?avad=${AVAD}`);
  const body = await beacon(journey.server.beacons, 2);
  expect(body.touches.map((t) => [t.network, t.clickId])).toEqual([
    ['avantlink', AVAD],
    ['aflite', 'abc123'],
  ]);
  expect(decodeTouches((await cookie(context, 'ar_touches'))?.value).map((t) => t.clickId)).toEqual([
    AVAD,
    'abc123',
  ]);

  // A reload and another page carry no new click: the next beacon is the marker click, not a repeat.
  await page.reload();
  await journey.open(page, 'checkout');
  await page.evaluate(() => history.pushState({}, '', '?avad=marker_1'));
  const marker = await beacon(journey.server.beacons, 3);
  expect(marker.touches.map((t) => t.clickId)).toEqual(['marker_1', 'abc123']);
  expect(journey.server.beacons).toHaveLength(3);
});

test('a page view without a click writes no cookie, not even the visitor id', async ({
  page,
  context,
  journey,
}) => {
  // Every document.cookie write the page makes, recorded before any script runs.
  await page.addInitScript(() => {
    const writes: string[] = [];
    (window as { __cookieWrites?: string[] }).__cookieWrites = writes;
    const property = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() {
        return property.get!.call(this);
      },
      set(value: string) {
        writes.push(value);
        property.set!.call(this, value);
      },
    });
  });
  await journey.open(page, 'products/tent');
  await page.evaluate(() => history.pushState({}, '', 'stove'));
  await journey.open(page, 'cart');
  expect(await page.evaluate(() => (window as { __cookieWrites?: string[] }).__cookieWrites)).toEqual([]);
  expect(await context.cookies()).toEqual([]);
  expect(journey.server.beacons).toEqual([]);
  // With a click, the visitor id is stored beside it.
  await page.evaluate(() => history.pushState({}, '', '?avad=first_click'));
  const body = await beacon(journey.server.beacons, 1);
  expect((await cookie(context, 'ar_vid'))?.value).toBe(body.visitorId);
});

test('consent pending stores and sends nothing until granted', async ({ page, context, journey }) => {
  const collectRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/affiliate-relay/collect')) collectRequests.push(request.url());
  });
  journey.server.setPageOptions({ consent: 'pending' });
  await journey.open(page, `products/tent?avad=${AVAD}`);
  await page.evaluate(() => history.pushState({}, '', '?avad=also_pending'));

  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  expect(collectRequests).toEqual([]);

  await page.evaluate(() => window.AffiliateRelay?.grantConsent());
  const body = await beacon(journey.server.beacons, 1);
  expect(body.touches.map((t) => t.clickId)).toEqual(['also_pending']);
  expect(decodeTouches((await cookie(context, 'ar_touches'))?.value).map((t) => t.clickId)).toEqual([
    'also_pending',
  ]);
  expect(journey.server.beacons).toHaveLength(1);

  await page.evaluate(() => window.AffiliateRelay?.revokeConsent());
  expect(await context.cookies()).toEqual([]);
});

test('a pushState to a URL with a new avad is captured', async ({ page, context, journey }) => {
  await journey.open(page, 'products/tent');
  await page.evaluate(() => history.pushState({}, '', 'stove?avad=spa_42'));
  const body = await beacon(journey.server.beacons, 1);
  expect(body.touches).toEqual([expect.objectContaining({ network: 'avantlink', clickId: 'spa_42' })]);
  expect(body.pageUrl).toBe(journey.url('products/stove?avad=spa_42'));
  expect(decodeTouches((await cookie(context, 'ar_touches'))?.value).map((t) => t.clickId)).toEqual([
    'spa_42',
  ]);
});

test.describe('hostile landing values', () => {
  const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

  for (const [name, query] of [
    ['a 100 KB avad', `avad=${'a'.repeat(100_000)}`],
    // 512 characters but 4,608 bytes percent-encoded: no cookie could hold it, so no click is made of it.
    ['a 512 × "中" avad', `avad=${encodeURIComponent('中'.repeat(512))}`],
    ['broken percent-encoding', 'avad=%E0%A4%A'],
    ['broken percent-encoding in clickSessionID', 'clickSource=aflite&clickSessionID=ab%E0%A4%A'],
  ]) {
    test(`${name} stores and sends nothing and raises no page error`, async ({ page, context, journey }) => {
      await journey.open(page, `products/tent?${query}`);
      expect(await cookie(context, 'ar_touches')).toBeUndefined();
      // The next real click is the first beacon: the hostile landing sent none.
      await page.evaluate(() => history.pushState({}, '', '?avad=after_hostile'));
      const body = await beacon(journey.server.beacons, 1);
      expect(body.touches.map((t) => t.clickId)).toEqual(['after_hostile']);
      expect(journey.server.beacons).toHaveLength(1);
      expect(journey.server.beacons[0]?.raw.length).toBeLessThan(5000);
      expect((await cookie(context, 'ar_touches'))?.value).toMatch(COOKIE_OCTETS);
    });
  }

  test('markup in avad is kept as opaque data: percent-encoded in the cookie, exact in the beacon, never run', async ({
    page,
    context,
    journey,
  }) => {
    const markup = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await journey.open(page, `products/tent?avad=${encodeURIComponent(markup)}`);
    const body = await beacon(journey.server.beacons, 1);
    expect(body.touches[0]?.clickId).toBe(markup);

    const stored = await cookie(context, 'ar_touches');
    expect(stored?.value).toMatch(COOKIE_OCTETS);
    expect(stored?.value).not.toContain('<');
    expect(decodeTouches(stored?.value)[0]?.clickId).toBe(markup);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
