import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser } from '../test/fake-browser';
import { cookieAttributes } from './cookie-attributes';
import { writeCookie } from './cookie-jar';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('cookieAttributes', () => {
  it('is SameSite=Lax, lasts the window, Secure on https, on the chosen domain (site-wide: below)', () => {
    expect(cookieAttributes(30, true, 'example.com')).toEqual({
      sameSite: 'Lax',
      expires: 30,
      secure: true,
      domain: 'example.com',
    });
  });

  it("writes exactly these attributes through js-cookie, site-wide (js-cookie's default path), with the expiry the window away", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 12, 0, 0) });
    const browser = installFakeBrowser('https://shop.example.com/');
    writeCookie('ar_vid', 'abc12345', cookieAttributes(30, true, 'example.com'));
    expect(browser.writes[0]?.raw).toBe(
      'ar_vid=abc12345; path=/; sameSite=Lax; expires=Tue, 22 Dec 2026 12:00:00 GMT; secure; domain=example.com',
    );
  });

  it('leaves out Secure on http and Domain when there is none (localhost, IP addresses)', () => {
    const browser = installFakeBrowser('http://127.0.0.1:8080/');
    writeCookie('ar_vid', 'abc12345', cookieAttributes(7, false, ''));
    const [write] = browser.writes;
    expect(write?.attributes).not.toHaveProperty('secure');
    expect(write?.attributes).not.toHaveProperty('domain');
    expect(write?.attributes).toMatchObject({ path: '/', samesite: 'Lax' });
  });
});
