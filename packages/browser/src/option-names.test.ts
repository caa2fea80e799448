import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser } from '../test/fake-browser';
import { init } from './init';
import { unknownOptionWarnings } from './option-names';

const AVANTLINK_LANDING = 'https://shop.example.com/products/tent?avad=77_f3afbe121';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A script tag's `dataset`, as the browser hands it over: a DOMStringMap of camelCased data attributes. */
function dataset(values: Record<string, string>): object {
  class FakeDOMStringMap {}
  vi.stubGlobal('DOMStringMap', FakeDOMStringMap);
  return Object.assign(new FakeDOMStringMap(), values);
}

describe('unknownOptionWarnings', () => {
  it('says nothing of known options', () => {
    const options = { endpoint: '/c', cookieDomain: 'x', windowDays: 7, consent: 'granted', debug: true };
    expect(unknownOptionWarnings({ ...options, onError: () => {} })).toEqual([]);
  });

  it('names a typo and the option it is near', () => {
    expect(unknownOptionWarnings({ endpiont: '/collect', windowdays: 7 })).toEqual([
      'unknown option "endpiont" (ignored): did you mean "endpoint"?',
      'unknown option "windowdays" (ignored): did you mean "windowDays"?',
    ]);
  });

  it('names an option near no known one, without a suggestion', () => {
    expect(unknownOptionWarnings({ colour: 'red' })).toEqual(['unknown option "colour" (ignored)']);
  });

  it("names a script tag's misspelt data attribute as the tag spells it, and leaves other data attributes alone", () => {
    const tag = dataset({ windowdays: '7', cookieDomian: 'example.com', affiliateRelay: '', nscript: 'x' });
    expect(unknownOptionWarnings(tag)).toEqual([
      'unknown data attribute "data-windowdays" (ignored): did you mean "data-window-days"?',
      'unknown data attribute "data-cookie-domian" (ignored): did you mean "data-cookie-domain"?',
    ]);
  });

  it('never throws, whatever it is given', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
      },
    );
    expect(unknownOptionWarnings(hostile)).toEqual([]);
  });
});

describe('init of the /debug build, given a misspelt option', () => {
  it('warns with the name meant, ignores it, and starts with the default', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const relay = init({ endpiont: '/shop/collect' } as never);
      expect(warn.mock.calls).toEqual([
        ['[affiliate-relay] unknown option "endpiont" (ignored): did you mean "endpoint"?'],
      ]);
      expect(relay.touches()).toHaveLength(1);
      expect(browser.beacons[0]?.url).toBe('/affiliate-relay/collect');
    } finally {
      warn.mockRestore();
    }
  });
});
