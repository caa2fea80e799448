import type { BrowserContext, Page } from '@playwright/test';
import { AWIN_VENDOR_ID, tcString } from './consent/tc-strings';
import { expect, type Journey, test } from './fixtures';
import type { PageOptions } from './shop-server';

/*
 * The consent sources (`@affiliate-relay/browser/consent`, dist/affiliate-relay.consent.global.js) against the
 * real thing where it exists: IAB Tech Lab's CMP API (@iabtechlabtcf/cmpapi) with TC strings encoded by
 * @iabtechlabtcf/core, and Google's Consent Mode snippet as developers.google.com documents it (gtag.js itself is
 * not loaded: it is not on the npm registry and the tests reach loopback only; the snippet's dataLayer is what it
 * reads). Shopify's Customer Privacy API is emulated (Shopify ships no package of it), as shopify.dev documents it.
 */

const AVAD = '77_f3afbe121';
const SCRIPT_COOKIES = ['ar_ack', 'ar_touches', 'ar_vid'];
const GRANTED = tcString({ purpose1: true });
const DENIED = tcString({ purpose1: false });

const cookieNames = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort();
const consentState = (page: Page) => page.evaluate(() => window.AffiliateRelayConsent?.state());

/** Every request to the collect endpoint the page made (a beacon the server may not have seen yet included). */
function collectRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/affiliate-relay/collect')) urls.push(request.url());
  });
  return urls;
}

/** Waits for the click to be beaconed once and stored in the script's cookies (ar_ack: the server's answer). */
async function expectTracked(journey: Journey, context: BrowserContext) {
  await expect.poll(() => journey.server.beacons.length).toBe(1);
  await expect.poll(() => cookieNames(context)).toEqual(SCRIPT_COOKIES);
}

/** Asserts nothing was stored or sent, after a new click too and time for a beacon to leave. */
async function expectNothingStoredOrSent(page: Page, context: BrowserContext, requests: string[]) {
  await page.evaluate(() => history.pushState({}, '', '?avad=second_click'));
  await page.waitForTimeout(300);
  expect(await context.cookies()).toEqual([]);
  expect(requests).toEqual([]);
}

/**
 * After a denial: the one request is the withdrawal the server needs (to expire ar_attr and drop the pending
 * click), then nothing more is stored or sent, after a new click too.
 */
async function expectWithdrawnThenNothing(
  page: Page,
  context: BrowserContext,
  requests: string[],
  journey: Journey,
) {
  await expect.poll(() => journey.server.beacons.length).toBe(2);
  expect(journey.server.beacons[1]?.body).toEqual({ withdraw: true });
  expect(requests).toHaveLength(1);
  requests.length = 0;
  await expectNothingStoredOrSent(page, context, requests);
}

/** Opens the landing of an affiliate click on a page whose script starts pending, with these consent options. */
async function landPending(page: Page, journey: Journey, options: PageOptions) {
  journey.server.setPageOptions({ consent: 'pending', ...options });
  await journey.open(page, `products/tent?avad=${AVAD}`);
}

/** IAB's CmpApi in the head, updated with `tc` before the script runs (the script loads after `tcloaded`). */
const cmpBefore = (tc: string | null) =>
  `<script src="/test-assets/tcf-cmp.js"></script>
   <script>window.cmp = TestCmp.start(); cmp.update(${JSON.stringify(tc)}, false);</script>`;

// Google's snippet (developers.google.com/tag-platform/security/guides/consent: "Set up consent mode"), with the
// defaults denied and wait_for_update, as a CMP sets them before its banner.
const GTAG_SNIPPET = `<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('consent', 'default', {
    'ad_storage': 'denied',
    'ad_user_data': 'denied',
    'ad_personalization': 'denied',
    'analytics_storage': 'denied',
    'wait_for_update': 500
  });
  gtag('js', new Date());
</script>`;

test.describe('IAB TCF v2.2 with IAB Tech Lab’s CmpApi', () => {
  test('purpose 1 consented, CMP loaded before the script (tcloaded already fired): stored and beaconed', async ({
    page,
    context,
    journey,
  }) => {
    await landPending(page, journey, { consentSources: { tcf: true }, before: cmpBefore(GRANTED) });
    await expect.poll(() => consentState(page)).toBe('granted');
    await expect.poll(() => journey.server.beacons.length).toBe(1);
    expect(journey.server.beacons[0]?.body).toMatchObject({
      touches: [{ network: 'avantlink', clickId: AVAD }],
    });
    await expect.poll(() => cookieNames(context)).toEqual(SCRIPT_COOKIES);
  });

  test('purpose 1 refused: no cookie, no beacon', async ({ page, context, journey }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, { consentSources: { tcf: true }, before: cmpBefore(DENIED) });
    await expect.poll(() => consentState(page)).toBe('denied');
    await expectNothingStoredOrSent(page, context, requests);
    expect(journey.server.beacons).toEqual([]);
  });

  test('gdprApplies false (consent not required): tracked', async ({ page, context, journey }) => {
    await landPending(page, journey, { consentSources: { tcf: true }, before: cmpBefore(null) });
    await expectTracked(journey, context);
  });

  test('the CMP loaded after the script: pending until it loads and the visitor consents', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, { consentSources: { tcf: true } });
    await page.waitForTimeout(300);
    expect(await consentState(page)).toBe('pending');
    expect(await context.cookies()).toEqual([]);
    expect(requests).toEqual([]);

    await page.addScriptTag({ url: '/test-assets/tcf-cmp.js' });
    // The banner shows (cmpuishown: no decision), then the visitor accepts (useractioncomplete).
    await page.evaluate(() => {
      window.cmp = window.TestCmp!.start();
      window.cmp.update('', true);
    });
    await page.waitForTimeout(300);
    expect(await consentState(page)).toBe('pending');
    await page.evaluate((tc) => window.cmp!.update(tc, false), GRANTED);
    await expectTracked(journey, context);
  });

  test("a user action from granted to denied removes the script's cookies and sends nothing more", async ({
    page,
    context,
    journey,
  }) => {
    await landPending(page, journey, { consentSources: { tcf: true }, before: cmpBefore(GRANTED) });
    await expect.poll(() => cookieNames(context)).toEqual(SCRIPT_COOKIES);

    const requests = collectRequests(page);
    await page.evaluate((tc) => window.cmp!.update(tc, false), DENIED);
    await expect.poll(() => consentState(page)).toBe('denied');
    await expectWithdrawnThenNothing(page, context, requests, journey);
    expect(journey.server.beacons).toHaveLength(2);
  });

  test('with a vendor id, that vendor’s consent is needed beside purpose 1', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, {
      consentSources: { tcf: true, tcfVendor: String(AWIN_VENDOR_ID) },
      before: cmpBefore(GRANTED),
    });
    await expect.poll(() => consentState(page)).toBe('denied');
    await expectNothingStoredOrSent(page, context, requests);

    await page.evaluate(
      (tc) => window.cmp!.update(tc, false),
      tcString({ purpose1: true, vendors: [AWIN_VENDOR_ID] }),
    );
    await expect.poll(() => journey.server.beacons.length).toBe(1);
  });
});

test.describe('Google Consent Mode v2 with Google’s gtag snippet', () => {
  for (const order of ['after', 'before'] as const) {
    test(`the script ${order} the snippet: default denied waits; the update granted stores and beacons`, async ({
      page,
      context,
      journey,
    }) => {
      const requests = collectRequests(page);
      await landPending(page, journey, {
        consentSources: { gcm: true },
        ...(order === 'after' ? { before: GTAG_SNIPPET } : { after: GTAG_SNIPPET }),
      });
      await page.waitForFunction(() => typeof window.gtag === 'function');
      await page.waitForTimeout(300);
      expect(await consentState(page)).toBe('pending');
      expect(await context.cookies()).toEqual([]);
      expect(requests).toEqual([]);

      await page.evaluate(() =>
        window.gtag!('consent', 'update', {
          ad_storage: 'granted',
          ad_user_data: 'granted',
          ad_personalization: 'granted',
          analytics_storage: 'granted',
        }),
      );
      await expectTracked(journey, context);
      expect(await page.evaluate(() => window.AffiliateRelayConsent?.source())).toBe('gcm');
    });
  }

  test('an update that leaves ad_storage unset stays pending; a denied one stores nothing', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, { consentSources: { gcm: true }, before: GTAG_SNIPPET });
    await page.evaluate(() => window.gtag!('consent', 'update', { analytics_storage: 'granted' }));
    await page.waitForTimeout(300);
    expect(await consentState(page)).toBe('pending');
    await page.evaluate(() => window.gtag!('consent', 'update', { ad_storage: 'denied' }));
    await expect.poll(() => consentState(page)).toBe('denied');
    await expectNothingStoredOrSent(page, context, requests);
  });

  test('a type="module" main tag after the consent tag stays pending: it does not take the consent tag for its own', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, {
      consentSources: { gcm: true },
      consentFirst: true,
      module: true,
      before: GTAG_SNIPPET,
    });
    await page.waitForTimeout(300);
    expect(await consentState(page)).toBe('pending');
    expect(await context.cookies()).toEqual([]);
    expect(requests).toEqual([]);
    await page.evaluate(() => window.gtag!('consent', 'update', { ad_storage: 'granted' }));
    await expectTracked(journey, context);
    expect(journey.server.beacons[0]?.body).toMatchObject({ consent: 'gcm' });
  });

  test('the consent sources loaded before the script connect when it starts', async ({
    page,
    context,
    journey,
  }) => {
    await landPending(page, journey, {
      consentSources: { gcm: true },
      consentFirst: true,
      before: `${GTAG_SNIPPET}<script>gtag('consent', 'update', { ad_storage: 'granted' });</script>`,
    });
    await expectTracked(journey, context);
  });
});

test.describe('Global Privacy Control', () => {
  test.beforeEach(async ({ page }) => {
    // As a browser that sends GPC (Brave, Firefox with the setting, DuckDuckGo) exposes it.
    await page.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
        get: () => true,
        configurable: true,
      }),
    );
  });

  test('navigator.globalPrivacyControl denies, over a Consent Mode grant', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, {
      consentSources: { gcm: true },
      before: `${GTAG_SNIPPET}<script>gtag('consent', 'update', { ad_storage: 'granted' });</script>`,
    });
    expect(
      await page.evaluate(() => (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl),
    ).toBe(true);
    await expect.poll(() => consentState(page)).toBe('denied');
    expect(await page.evaluate(() => window.AffiliateRelayConsent?.source())).toBe('gpc');
    await expectNothingStoredOrSent(page, context, requests);
  });

  test('gpc turned off by the shop: the Consent Mode grant tracks', async ({ page, context, journey }) => {
    await landPending(page, journey, {
      consentSources: { gcm: true, gpc: 'false' },
      before: `${GTAG_SNIPPET}<script>gtag('consent', 'update', { ad_storage: 'granted' });</script>`,
    });
    await expectTracked(journey, context);
  });
});

// EMULATED: Shopify's Customer Privacy API as shopify.dev documents it (window.Shopify.customerPrivacy with
// marketingAllowed(), and the visitorConsentCollected event on document); Shopify ships no package of it.
const SHOPIFY_EMULATION = `<script>
  window.Shopify = { customerPrivacy: { marketingAllowed: () => false } };
</script>`;

test.describe('Shopify Customer Privacy API (emulated)', () => {
  test('pending until the visitor consents to marketing; withdrawn, the cookies are removed', async ({
    page,
    context,
    journey,
  }) => {
    const requests = collectRequests(page);
    await landPending(page, journey, { consentSources: { shopify: true }, before: SHOPIFY_EMULATION });
    await page.waitForTimeout(300);
    expect(await consentState(page)).toBe('pending');
    expect(requests).toEqual([]);

    const collected = (marketingAllowed: boolean) =>
      page.evaluate((allowed) => {
        document.dispatchEvent(
          new CustomEvent('visitorConsentCollected', {
            detail: {
              marketingAllowed: allowed,
              analyticsAllowed: true,
              preferencesAllowed: true,
              saleOfDataAllowed: allowed,
            },
          }),
        );
      }, marketingAllowed);
    await collected(true);
    await expectTracked(journey, context);

    await collected(false);
    await expect.poll(() => consentState(page)).toBe('denied');
    expect(await context.cookies()).toEqual([]);
    await expect
      .poll(() => journey.server.beacons.map((beacon) => beacon.body))
      .toContainEqual({ withdraw: true });
  });
});
