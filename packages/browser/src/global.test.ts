import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser } from '../test/fake-browser';
import type { AffiliateRelay } from './init';

const LANDING = 'https://shop.example.com/products/tent?avad=77_f3afbe121';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Runs the script-tag entry once, as the browser does, on a page whose tags are found as given. */
async function runScriptTag(currentScript: object | null, found: object | null = null) {
  const browser = installFakeBrowser(LANDING);
  const selectors: string[] = [];
  Object.assign(document, {
    currentScript,
    querySelector: (selector: string) => {
      selectors.push(selector);
      return found;
    },
  });
  const page: { AffiliateRelay?: AffiliateRelay } = {};
  vi.stubGlobal('window', page);
  vi.resetModules();
  await import('./global');
  return { browser, selectors, relay: page.AffiliateRelay };
}

describe('script-tag entry', () => {
  it("reads document.currentScript's data-* attributes when it has one (a classic script)", async () => {
    const { browser, relay, selectors } = await runScriptTag({ dataset: { consent: 'pending' } });
    expect(selectors).toEqual([]);
    expect(browser.writes).toEqual([]);
    expect(browser.sent()).toEqual([]);
    expect(relay?.visitorId()).toBeUndefined();
  });

  it('finds its tag by the data-affiliate-relay marker or its file name when currentScript is null (type="module")', async () => {
    const { browser, relay, selectors } = await runScriptTag(null, { dataset: { consent: 'pending' } });
    // Not the consent tag (affiliate-relay.consent.global.js): its attributes would start this one failing open.
    expect(selectors).toEqual([
      'script[data-affiliate-relay],script[src*=affiliate-relay]:not([src*=consent])',
    ]);
    expect(browser.writes).toEqual([]);
    expect(browser.sent()).toEqual([]);
    expect(relay?.visitorId()).toBeUndefined();
  });

  it('fails closed when it cannot find its tag: consent pending, until grantConsent()', async () => {
    const { browser, relay } = await runScriptTag(null, null);
    expect(browser.writes).toEqual([]);
    expect(browser.sent()).toEqual([]);
    expect(relay?.visitorId()).toBeUndefined();
    relay?.grantConsent();
    expect(browser.sent()).toMatchObject([{ touches: [{ clickId: '77_f3afbe121' }] }]);
  });

  it('starts with consent granted from a found tag without data-consent (the documented default)', async () => {
    const { browser, relay } = await runScriptTag(null, { dataset: {} });
    expect(browser.sent()).toHaveLength(1);
    expect(relay?.visitorId()).toBe(browser.jar.get('ar_vid'));
  });
});
