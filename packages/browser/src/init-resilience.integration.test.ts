import { decodeTouches } from '@affiliate-relay/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser, scriptCookies } from '../test/fake-browser';
import { init } from './init';

// init on awkward pages: started twice, cookies refused, a clock that ran ahead.
const SHOP = 'https://shop.example.com';
const AVANTLINK_LANDING = `${SHOP}/products/tent?avad=77_f3afbe121`;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('init called twice in one window (two script tags, React StrictMode, HMR)', () => {
  it('returns the first instance, so that revokeConsent() stops the script for good', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    const first = init();
    const second = init({ consent: 'pending', windowDays: 7 });
    expect(second).toBe(first);
    expect(browser.sent()).toHaveLength(1);

    second.revokeConsent();
    browser.history.pushState({}, '', '/cart?avad=after_revoke');
    browser.history.replaceState({}, '', '/cart?avad=after_revoke_2');
    browser.pop(`${SHOP}/?avad=after_revoke_3`);
    // ar_ack is the server's (the fake's answer to a beacon), not the script's.
    expect(scriptCookies(browser)).toEqual([]);
    // The click's beacon, then the withdrawal: nothing after it.
    expect(browser.sent()).toHaveLength(2);
    expect(browser.sent()[1]).toEqual({ withdraw: true });
    expect(first.visitorId()).toBeUndefined();
  });

  it('wraps history once: one scan per navigation', () => {
    const browser = installFakeBrowser(`${SHOP}/`);
    const captured = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    init({ debug: true });
    init({ debug: true });
    captured.mockClear();
    browser.history.pushState({}, '', '/?avad=push_1');
    expect(captured.mock.calls.filter(([message]) => message === '[affiliate-relay] captured')).toHaveLength(
      1,
    );
    captured.mockRestore();
  });

  it('says so in the debug log when the second call is ignored', () => {
    installFakeBrowser(`${SHOP}/`);
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    init();
    init({ debug: true, consent: 'pending' });
    expect(info).toHaveBeenCalledWith(
      '[affiliate-relay] already started in this window: init returns the first instance, ignoring these options',
      expect.objectContaining({ consent: 'pending' }),
    );
    info.mockRestore();
  });
});

describe('cookies that do not stick (blocked, a wrong cookie domain, Secure on http)', () => {
  it('beacons each click once, with one visitor id, however often the page changes its URL', () => {
    // The configured domain does not cover this host, so the browser drops every write without an error.
    const browser = installFakeBrowser('https://shop.example.net/?avad=77_x');
    const relay = init({ cookieDomain: 'example.com' });
    for (let i = 0; i < 5; i++) browser.history.replaceState({}, '', `/?avad=77_x&scroll=${i}`);
    browser.history.pushState({}, '', '/cart');
    browser.pop('https://shop.example.net/?avad=77_x');
    // ar_ack is the server's (the fake's answer to a beacon), not the script's.
    expect(scriptCookies(browser)).toEqual([]);
    expect(browser.sent().map((body) => body.touches[0].clickId)).toEqual(['77_x']);

    browser.history.pushState({}, '', '/?avad=77_y');
    browser.history.pushState({}, '', '/checkout');
    const sent = browser.sent();
    expect(sent.map((body) => body.touches[0].clickId)).toEqual(['77_x', '77_y']);
    expect(new Set(sent.map((body) => body.visitorId))).toEqual(new Set([relay.visitorId()]));
    expect(relay.touches()).toMatchObject([{ clickId: '77_y' }]);
  });
});

describe('a click stored while the device clock ran ahead', () => {
  const REAL = Date.UTC(2026, 10, 22);
  const AHEAD = REAL + 86_400_000;

  it('does not block a newer click of the same network; it is stored as no later than now', () => {
    vi.useFakeTimers({ now: AHEAD });
    const browser = installFakeBrowser(`${SHOP}/?avad=77_old&clickSource=aflite&clickSessionID=f_old`);
    init();
    vi.setSystemTime(REAL + 3_600_000); // the clock is corrected; an hour later another affiliate's link
    browser.load(`${SHOP}/?avad=77_new`);
    init();
    expect(browser.sent().map((body) => body.touches.map((t: { clickId: string }) => t.clickId))).toEqual([
      ['77_new', 'f_old'],
    ]);
    const stored = decodeTouches(browser.jar.get('ar_touches'));
    expect(stored.map((t) => t.clickId)).toEqual(['77_new', 'f_old']);
    expect(Math.max(...stored.map((t) => t.capturedAt))).toBeLessThanOrEqual(Date.now());
  });

  it('does not block a click captured while consent was pending, once consent is granted', () => {
    vi.useFakeTimers({ now: AHEAD });
    const browser = installFakeBrowser(`${SHOP}/?avad=77_old`);
    init();
    vi.setSystemTime(REAL);
    browser.load(`${SHOP}/?avad=77_new`);
    const relay = init({ consent: 'pending' });
    vi.setSystemTime(REAL + 60_000);
    relay.grantConsent();
    expect(browser.sent().map((body) => body.touches[0].clickId)).toEqual(['77_new']);
    expect(decodeTouches(browser.jar.get('ar_touches'))).toMatchObject([
      { clickId: '77_new', capturedAt: REAL },
    ]);
  });
});

describe('revokeConsent for a visitor who never had the cookies', () => {
  it('writes nothing: no domain probe, no deletion cookies', () => {
    const browser = installFakeBrowser('https://shop.example.co.uk/?avad=77_x', {
      publicSuffixes: ['co.uk'],
    });
    const relay = init({ consent: 'pending' });
    relay.revokeConsent();
    expect(browser.writes).toEqual([]);
    expect(relay.touches()).toEqual([]);
  });

  it('still removes them when only one of them is there', () => {
    const browser = installFakeBrowser(`${SHOP}/`, {
      cookies: { ar_vid: 'c0b5e2d4-visitor', other: 'kept' },
    });
    init().revokeConsent();
    expect(scriptCookies(browser)).toEqual(['other']);
  });
});
