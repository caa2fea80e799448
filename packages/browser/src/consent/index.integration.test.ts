import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeBrowser, scriptCookies } from '../../test/fake-browser';
import { init } from '../init';
import { connectConsent } from './index';

const LANDING = 'https://shop.example.com/products/tent?avad=77_f3afbe121';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A stand-in CMP behind `__tcfapi` that the test moves by hand. */
function fakeTcfCmp() {
  const listeners: ((data: unknown, success: boolean) => void)[] = [];
  vi.stubGlobal('__tcfapi', (command: string, _version: number, callback: (typeof listeners)[number]) => {
    if (command === 'addEventListener') listeners.push(callback);
  });
  return (eventStatus: string, purpose1: boolean) => {
    for (const listener of listeners)
      listener({ eventStatus, gdprApplies: true, purpose: { consents: { 1: purpose1 } } }, true);
  };
}

const gtag = (...args: unknown[]) => (globalThis as { dataLayer?: unknown[] }).dataLayer!.push(args);

describe('connectConsent with the script', () => {
  it('keeps a pending script pending until the CMP decides, then stores; a later denial clears the cookies', () => {
    const browser = installFakeBrowser(LANDING);
    const cmp = fakeTcfCmp();
    const relay = init({ consent: 'pending' });
    const watch = connectConsent({ tcf: true });
    cmp('cmpuishown', false);
    expect(watch.state()).toBe('pending');
    expect(scriptCookies(browser)).toEqual([]);
    expect(browser.sent()).toEqual([]);

    cmp('useractioncomplete', true);
    expect(watch.state()).toBe('granted');
    expect(scriptCookies(browser)).toEqual(['ar_vid', 'ar_touches']);
    expect(browser.sent()).toHaveLength(1);
    // The beacon names the source that granted: the server's cookie remembers it.
    expect(browser.sent()[0].consent).toBe('tcf');

    cmp('useractioncomplete', false);
    expect(watch.state()).toBe('denied');
    expect([...browser.jar.keys()]).toEqual([]);
    expect(relay.visitorId()).toBeUndefined();
    // The server is told, so that it expires ar_attr and drops the click call it has not sent.
    expect(browser.sent()[1]).toEqual({ withdraw: true });

    // A grant after the denial works again.
    cmp('useractioncomplete', true);
    expect(scriptCookies(browser)).toEqual(['ar_vid', 'ar_touches']);
    expect(browser.sent()).toHaveLength(3);
  });

  it('connects to the script started after it (the consent tag before the main one)', () => {
    const browser = installFakeBrowser(LANDING);
    vi.stubGlobal('dataLayer', undefined);
    connectConsent({ gcm: '' });
    gtag('consent', 'update', { ad_storage: 'granted' });
    init({ consent: 'pending' });
    expect(scriptCookies(browser)).toEqual(['ar_vid', 'ar_touches']);
  });

  it('GPC denies by default and no other source grants over it; gpc: false ignores it', () => {
    const browser = installFakeBrowser(LANDING);
    vi.stubGlobal('navigator', { ...navigator, globalPrivacyControl: true });
    vi.stubGlobal('dataLayer', [['consent', 'update', { ad_storage: 'granted' }]]);
    init({ consent: 'pending' });
    const watch = connectConsent({ gcm: true });
    expect(watch.state()).toBe('denied');
    expect(watch.source()).toBe('gpc');
    expect(scriptCookies(browser)).toEqual([]);

    browser.load(LANDING);
    init({ consent: 'pending' });
    expect(connectConsent({ gcm: 'true', gpc: 'false' }).state()).toBe('granted');
    expect(scriptCookies(browser)).toEqual(['ar_vid', 'ar_touches']);
  });

  it("reads a script tag's dataset: data-tcf-vendor needs that vendor's consent, data-gcm names a data layer", () => {
    installFakeBrowser(LANDING);
    const listeners: ((data: unknown, success: boolean) => void)[] = [];
    vi.stubGlobal('__tcfapi', (_c: string, _v: number, callback: (typeof listeners)[number]) =>
      listeners.push(callback),
    );
    vi.stubGlobal('shopLayer', [['consent', 'update', { ad_storage: 'granted' }]]);
    init({ consent: 'pending' });
    const watch = connectConsent({ tcf: '', tcfVendor: '907', gcm: 'shopLayer' });
    expect(watch.state()).toBe('granted');
    const data = { eventStatus: 'tcloaded', purpose: { consents: { 1: true } }, vendor: { consents: {} } };
    listeners[0]?.(data, true);
    expect(watch.state()).toBe('denied');
    expect(watch.source()).toBe('tcf');
  });

  it('with no sources named, only GPC is read: nothing grants', () => {
    const browser = installFakeBrowser(LANDING);
    vi.stubGlobal('dataLayer', [['consent', 'update', { ad_storage: 'granted' }]]);
    init({ consent: 'pending' });
    expect(connectConsent().state()).toBe('pending');
    expect(connectConsent({ gcm: 'false', tcf: undefined }).state()).toBe('pending');
    expect(scriptCookies(browser)).toEqual([]);
  });

  it('a CMP that never loads leaves it pending, and nothing throws', () => {
    vi.useFakeTimers();
    const browser = installFakeBrowser(LANDING);
    vi.stubGlobal('__tcfapi', undefined);
    init({ consent: 'pending' });
    const watch = connectConsent({ tcf: true, shopify: true });
    vi.runAllTimers();
    expect(watch.state()).toBe('pending');
    expect(scriptCookies(browser)).toEqual([]);
  });
});
