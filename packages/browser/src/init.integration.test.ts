import { ackValue, decodeTouches } from '@affiliate-relay/core';
import { beaconSchema } from '@affiliate-relay/core/schemas';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser, scriptCookies } from '../test/fake-browser';
import { init } from './init';

const SHOP = 'https://shop.example.com';
const AVANTLINK_LANDING = `${SHOP}/products/tent?avad=77_f3afbe121`;
const AFLITE_LANDING = `${SHOP}/?clickSource=aflite&clickSessionID=abc123`;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const stored = (browser: { jar: Map<string, string> }) => decodeTouches(browser.jar.get('ar_touches'));

describe('init', () => {
  it('stores an AvantLink deep link and beacons it once, valid for the collect endpoint', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, { referrer: 'https://blog.example.org/' });
    const relay = init();
    expect(stored(browser)).toMatchObject([{ network: 'avantlink', clickId: '77_f3afbe121' }]);
    const [beacon] = browser.sent();
    expect(browser.beacons[0]?.url).toBe('/affiliate-relay/collect');
    expect(beaconSchema.parse(beacon)).toMatchObject({
      touches: [{ network: 'avantlink', clickId: '77_f3afbe121' }],
      visitorId: browser.jar.get('ar_vid'),
      pageUrl: AVANTLINK_LANDING,
      referrer: 'https://blog.example.org/',
    });
    // The touch's landing URL and referrer are the page's own: sent once, as pageUrl and referrer.
    expect(beacon.touches[0]).not.toHaveProperty('landingUrl');
    expect(beacon.touches[0]).not.toHaveProperty('referrer');
    expect(relay.visitorId()).toBe(browser.jar.get('ar_vid'));
    expect(relay.touches()).toHaveLength(1);
  });

  it("makes the visitor id with core's generator: 22 base64url characters, the format the server makes too", () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    const relay = init();
    expect(browser.jar.get('ar_vid')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(relay.visitorId()).toBe(browser.jar.get('ar_vid'));
  });

  it("keeps a visitor id of the script's earlier format (a UUID) that the shopper's cookie already holds", () => {
    const uuid = '3b241101-e2bb-4255-8caf-4136c566a962';
    const browser = installFakeBrowser(AVANTLINK_LANDING, { cookies: { ar_vid: uuid } });
    init();
    expect(browser.sent()[0]?.visitorId).toBe(uuid);
    expect(browser.jar.get('ar_vid')).toBe(uuid);
  });

  it('writes no cookie at all on page views without a click (ar_vid is written only with a click)', () => {
    const browser = installFakeBrowser(`${SHOP}/products/tent`);
    const relay = init();
    browser.history.pushState({}, '', '/cart');
    expect(browser.writes).toEqual([]);
    // The id exists in memory for this page (visitorId()), and is stored with the first click.
    expect(relay.visitorId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    browser.load(`${SHOP}/checkout`);
    init();
    expect(browser.writes).toEqual([]);
    // ar_ack is the server's (the fake's answer to a beacon), not the script's.
    expect(scriptCookies(browser)).toEqual([]);
    expect(browser.sent()).toEqual([]);
    browser.load(AVANTLINK_LANDING);
    init();
    expect(browser.writes.map((w) => w.name).filter((n) => n !== 'ar_probe')).toEqual([
      'ar_vid',
      'ar_touches',
    ]);
    expect(browser.sent()[0]?.visitorId).toBe(browser.jar.get('ar_vid'));
  });

  it('X, Y, then Back to X (a full page load): X is not new again, Y stays, nothing is sent', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 1) });
    const browser = installFakeBrowser(`${SHOP}/tent?avad=X_1`);
    init();
    vi.setSystemTime(Date.UTC(2026, 10, 1, 0, 1));
    browser.load(`${SHOP}/stove?avad=Y_2`);
    init();
    expect(browser.sent().map((b) => b.touches[0].clickId)).toEqual(['Y_2']);
    vi.setSystemTime(Date.UTC(2026, 10, 1, 0, 2));
    browser.load(`${SHOP}/tent?avad=X_1`);
    const relay = init();
    expect(browser.sent()).toEqual([]);
    expect(browser.writes).toEqual([]);
    expect(stored(browser)).toMatchObject([{ clickId: 'Y_2', capturedAt: Date.UTC(2026, 10, 1, 0, 1) }]);
    expect(relay.touches().map((t) => t.clickId)).toEqual(['Y_2']);
  });

  it('X, Y, then history.back() in a single-page app: X is not new again', () => {
    const browser = installFakeBrowser(`${SHOP}/tent?avad=X_1`);
    const relay = init();
    browser.history.pushState({}, '', '/stove?avad=Y_2');
    browser.pop(`${SHOP}/tent?avad=X_1`);
    browser.pop(`${SHOP}/stove?avad=Y_2`);
    browser.pop(`${SHOP}/tent?avad=X_1`);
    expect(browser.sent().map((b) => b.touches[0].clickId)).toEqual(['X_1', 'Y_2']);
    expect(stored(browser).map((t) => t.clickId)).toEqual(['Y_2']);
    expect(relay.touches().map((t) => t.clickId)).toEqual(['Y_2']);
  });

  it('with consent pending, X, Y, Back keeps Y for the grant', () => {
    const browser = installFakeBrowser(`${SHOP}/tent?avad=X_1`);
    const relay = init({ consent: 'pending' });
    browser.history.pushState({}, '', '/stove?avad=Y_2');
    browser.pop(`${SHOP}/tent?avad=X_1`);
    relay.grantConsent();
    expect(browser.sent().map((b) => b.touches[0].clickId)).toEqual(['Y_2']);
  });

  it('resends a beacon the server never acknowledged on later page loads, at most 3 times', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, { acknowledge: false });
    const relay = init();
    browser.history.pushState({}, '', '/tent-2');
    expect(browser.sent()).toHaveLength(1);
    const counts: number[] = [];
    for (let page = 1; page <= 5; page++) {
      browser.load(`${SHOP}/page-${page}`);
      init();
      counts.push(browser.sent().length);
    }
    expect(counts).toEqual([1, 1, 1, 0, 0]);
    expect(relay.touches()).toMatchObject([{ clickId: '77_f3afbe121' }]);
  });

  it('resends a lost beacon once, and stops as soon as the server acknowledges it', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, { acknowledge: false });
    init();
    const lost = browser.sent()[0];
    browser.jar.delete('ar_ack');
    browser.load(`${SHOP}/cart`);
    // This time the beacon arrives: the server answers with ar_ack.
    browser.jar.set('ar_ack', ackValue(lost.touches));
    init();
    expect(browser.sent()).toEqual([]);
    browser.jar.delete('ar_ack');
    browser.load(`${SHOP}/checkout`);
    init();
    expect(browser.sent().map((b) => b.touches.map((t: { clickId: string }) => t.clickId))).toEqual([
      ['77_f3afbe121'],
    ]);
    expect(browser.sent()[0].visitorId).toBe(lost.visitorId);
  });

  it('does not beacon again when the landing page is reloaded or another page is viewed', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    init();
    const first = browser.jar.get('ar_touches');
    browser.load(AVANTLINK_LANDING);
    init();
    browser.load(`${SHOP}/cart`);
    const relay = init();
    expect(browser.sent()).toEqual([]);
    expect(browser.jar.get('ar_touches')).toBe(first);
    expect(relay.touches()).toMatchObject([{ network: 'avantlink', clickId: '77_f3afbe121' }]);
  });

  it('keeps both networks when an Aflite click is followed by an AvantLink click', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 1) });
    const browser = installFakeBrowser(AFLITE_LANDING);
    init();
    vi.setSystemTime(Date.UTC(2026, 10, 2));
    browser.load(AVANTLINK_LANDING);
    init();
    expect(stored(browser)).toMatchObject([
      { network: 'avantlink', clickId: '77_f3afbe121', capturedAt: Date.UTC(2026, 10, 2) },
      { network: 'aflite', clickId: 'abc123', capturedAt: Date.UTC(2026, 10, 1) },
    ]);
    expect(browser.sent()[0]).toMatchObject({
      touches: [
        { network: 'avantlink', clickId: '77_f3afbe121' },
        { network: 'aflite', clickId: 'abc123' },
      ],
      pageUrl: AVANTLINK_LANDING,
    });
  });

  it("lets a newer click of a network replace its older one, and leaves the other network's touch", () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 1) });
    const browser = installFakeBrowser(`${AFLITE_LANDING}&avad=old_1`);
    init();
    vi.setSystemTime(Date.UTC(2026, 10, 3));
    browser.load(`${SHOP}/?avad=new_2`);
    init();
    expect(stored(browser).map((t) => [t.network, t.clickId])).toEqual([
      ['avantlink', 'new_2'],
      ['aflite', 'abc123'],
    ]);
  });

  it('re-scans after pushState, replaceState and popstate', () => {
    const browser = installFakeBrowser(`${SHOP}/`);
    init();
    expect(browser.sent()).toEqual([]);
    browser.history.pushState({}, '', '/products/stove?avad=push_1');
    browser.history.replaceState({}, '', '/products/stove?avad=replace_2');
    browser.pop(`${SHOP}/?clickSource=AFLITE&clickSessionID=pop_3`);
    expect(browser.sent().map((b) => b.touches.map((t: { clickId: string }) => t.clickId))).toEqual([
      ['push_1'],
      ['replace_2'],
      ['replace_2', 'pop_3'],
    ]);
  });

  it('stores and sends nothing while consent is pending, then everything once granted', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    const relay = init({ consent: 'pending' });
    browser.history.pushState({}, '', '/cart');
    expect(browser.writes).toEqual([]);
    expect(browser.sent()).toEqual([]);
    expect(relay.visitorId()).toBeUndefined();
    expect(relay.touches()).toMatchObject([{ clickId: '77_f3afbe121' }]);

    relay.grantConsent();
    expect(stored(browser)).toMatchObject([{ clickId: '77_f3afbe121' }]);
    expect(browser.sent()[0]).toMatchObject({
      touches: [{ clickId: '77_f3afbe121' }],
      pageUrl: `${SHOP}/cart`,
    });
  });

  it('removes what it stored on revokeConsent and stores nothing more', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, { cookies: { other: 'kept' } });
    const relay = init();
    relay.revokeConsent();
    expect(scriptCookies(browser)).toEqual(['other']);
    browser.history.pushState({}, '', '/?avad=after_revoke');
    expect(browser.jar.has('ar_touches')).toBe(false);
    // The click's beacon (no consent source: this script did not wait for consent), then the withdrawal.
    expect(browser.sent()).toHaveLength(2);
    expect(browser.sent()[0]).not.toHaveProperty('consent');
    expect(browser.sent()[1]).toEqual({ withdraw: true });
    expect(relay.touches()).toMatchObject([{ clickId: 'after_revoke' }]);
    expect(relay.visitorId()).toBeUndefined();
  });

  it('sends no withdrawal for a visitor who never had the cookies, and one for a server-captured landing (ar_ack)', () => {
    const browser = installFakeBrowser(`${SHOP}/plain-page`);
    init({ consent: 'pending' }).revokeConsent();
    expect(browser.sent()).toEqual([]);
    const captured = installFakeBrowser(`${SHOP}/plain-page`, { cookies: { ar_ack: 'a1x9k2f' } });
    init({ consent: 'pending' }).revokeConsent();
    expect(captured.sent()).toEqual([{ withdraw: true }]);
  });

  it('names the consent source in the beacon: grantConsent(source), or manual by hand', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING);
    init({ consent: 'pending' }).grantConsent();
    expect(browser.sent()[0].consent).toBe('manual');
  });

  it('writes both cookies Secure on https, on the registrable domain, for the window', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22) });
    const browser = installFakeBrowser('https://www.shop.example.co.uk/?avad=77_f3afbe121', {
      publicSuffixes: ['co.uk'],
    });
    init({ windowDays: 45 });
    const writes = browser.writes.filter((w) => w.name.startsWith('ar_') && w.name !== 'ar_probe');
    expect(writes.map((w) => w.name).sort()).toEqual(['ar_touches', 'ar_vid']);
    for (const write of writes) {
      expect(write.attributes).toEqual({
        path: '/',
        samesite: 'Lax',
        expires: new Date(Date.UTC(2027, 0, 6)).toUTCString(),
        secure: true,
        domain: 'example.co.uk',
      });
    }
    expect(browser.jar.has('ar_probe')).toBe(false);
  });

  it('uses the configured cookie domain and endpoint as given, without probing', () => {
    const browser = installFakeBrowser('http://shop.example.com/?avad=77_f3afbe121');
    init({ cookieDomain: 'shop.example.com', endpoint: 'https://collect.example.com/c' });
    expect(browser.writes.some((w) => w.name === 'ar_probe')).toBe(false);
    expect(browser.writes.find((w) => w.name === 'ar_touches')?.attributes).toMatchObject({
      domain: 'shop.example.com',
    });
    expect(browser.writes[0]?.attributes).not.toHaveProperty('secure');
    expect(browser.beacons[0]?.url).toBe('https://collect.example.com/c');
  });

  it('falls back to fetch with keepalive when sendBeacon refuses', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, { sendBeacon: false });
    init();
    expect(browser.fetches).toHaveLength(1);
    expect(browser.fetches[0]?.init).toMatchObject({ method: 'POST', keepalive: true });
    expect(JSON.parse(String(browser.fetches[0]?.init.body)).touches[0].clickId).toBe('77_f3afbe121');
  });

  it('replaces a tampered visitor id and ignores a garbage touches cookie', () => {
    const browser = installFakeBrowser(AVANTLINK_LANDING, {
      cookies: { ar_vid: '<script>', ar_touches: '9|<img src=x onerror=alert(1)>' },
    });
    const relay = init();
    expect(relay.visitorId()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(browser.jar.get('ar_vid')).toBe(relay.visitorId());
    expect(stored(browser)).toMatchObject([{ clickId: '77_f3afbe121' }]);
  });

  it('never throws into the page when cookies are blocked, and reports to onError', () => {
    installFakeBrowser(AVANTLINK_LANDING, { cookiesThrow: true });
    const onError = vi.fn(() => {
      throw new Error('a broken onError must not escape either');
    });
    const relay = init({ onError });
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('SecurityError') }),
    );
    expect(() => relay.grantConsent()).not.toThrow();
    expect(() => relay.revokeConsent()).not.toThrow();
  });

  it('logs each step with debug on, and stays silent by default', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined);
    installFakeBrowser(AVANTLINK_LANDING);
    init();
    expect(info).not.toHaveBeenCalled();
    installFakeBrowser(AVANTLINK_LANDING);
    init({ debug: true });
    expect(info).toHaveBeenCalledWith('[affiliate-relay] new click, sent by beacon', expect.anything());
    info.mockRestore();
  });
});
