import { afterEach, describe, expect, it, vi } from 'vitest';
import { shopifyCustomerPrivacy } from './shopify';

afterEach(() => {
  vi.unstubAllGlobals();
});

// An emulation of Shopify's Customer Privacy API (window.Shopify.customerPrivacy and the document's
// visitorConsentCollected event), as shopify.dev documents it: Shopify ships no package of it.
function emulateShopify(marketingAllowed: boolean | (() => never)) {
  const document = new EventTarget();
  vi.stubGlobal('document', document);
  vi.stubGlobal('Shopify', {
    customerPrivacy: {
      marketingAllowed: typeof marketingAllowed === 'function' ? marketingAllowed : () => marketingAllowed,
    },
  });
  const collected = (detail: unknown) =>
    document.dispatchEvent(new CustomEvent('visitorConsentCollected', { detail }));
  const votes: unknown[] = [];
  const connected = () =>
    shopifyCustomerPrivacy((read) => {
      try {
        votes.push(read());
      } catch {
        votes.push('threw');
      }
    });
  return { collected, votes, connected };
}

describe('shopifyCustomerPrivacy', () => {
  it('grants when marketingAllowed() is true', () => {
    const shop = emulateShopify(true);
    expect(shop.connected()).toBe(true);
    expect(shop.votes).toEqual([true]);
  });

  it('marketingAllowed() false is no decision yet; the visitorConsentCollected event decides either way', () => {
    const shop = emulateShopify(false);
    shop.connected();
    shop.collected({ marketingAllowed: true, saleOfDataAllowed: false });
    shop.collected({ marketingAllowed: false });
    shop.collected({});
    shop.collected(null);
    expect(shop.votes).toEqual([undefined, true, false, undefined, 'threw']);
  });

  it('throws while there is no customerPrivacy (the watcher asks again later)', () => {
    vi.stubGlobal('Shopify', {});
    expect(() => shopifyCustomerPrivacy(() => undefined)).toThrow(TypeError);
    vi.stubGlobal('Shopify', undefined);
    expect(() => shopifyCustomerPrivacy(() => undefined)).toThrow(TypeError);
  });

  it('throws when marketingAllowed throws', () => {
    const shop = emulateShopify(() => {
      throw new Error('not loaded');
    });
    expect(shop.connected).toThrow('not loaded');
  });
});
