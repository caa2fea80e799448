import { decodeTouches, encodeTouches, type Touch } from '@affiliate-relay/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser } from '../test/fake-browser';
import { acceptsCookieDomain, readCookie, removeCookie, writeCookie } from './cookie-jar';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('cookie jar', () => {
  it("writes and reads core's encoded value raw, so the server decodes the very same string", () => {
    const browser = installFakeBrowser('https://shop.example.com/');
    const touches: Touch[] = [
      {
        network: 'avantlink',
        clickId: '77_f3afbe121 <b>&"x"',
        capturedAt: 1_763_800_000_000,
        gclid: 'G/1+2=',
      },
      { network: 'aflite', clickId: 'abc123', capturedAt: 1_763_800_001_000 },
    ];
    const value = encodeTouches(touches);
    writeCookie('ar_touches', value, { path: '/' });
    expect(browser.jar.get('ar_touches')).toBe(value);
    expect(readCookie('ar_touches')).toBe(value);
    expect(decodeTouches(readCookie('ar_touches'))).toEqual(touches);
  });

  it('reads the first of several cookies of one name, and nothing for a missing one', () => {
    installFakeBrowser('https://shop.example.com/', { cookies: { other: '1', ar_vid: 'first-id-1' } });
    expect(readCookie('ar_vid')).toBe('first-id-1');
    expect(readCookie('ar_touches')).toBeUndefined();
  });

  it('removes with an expiry in the past on the same path and domain', () => {
    const browser = installFakeBrowser('https://shop.example.com/', { cookies: { ar_vid: 'abc12345' } });
    removeCookie('ar_vid', { path: '/', domain: 'example.com' });
    expect(browser.jar.has('ar_vid')).toBe(false);
    expect(browser.writes[0]?.attributes).toMatchObject({ path: '/', domain: 'example.com' });
  });

  it('probes a domain with a cookie that it removes at once', () => {
    const browser = installFakeBrowser('https://shop.example.co.uk/', { publicSuffixes: ['co.uk'] });
    expect(acceptsCookieDomain('co.uk')).toBe(false);
    expect(acceptsCookieDomain('example.co.uk')).toBe(true);
    expect(acceptsCookieDomain('other.com')).toBe(false);
    expect(browser.jar.size).toBe(0);
  });
});
