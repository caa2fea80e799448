import { afterEach, describe, expect, it, vi } from 'vitest';
import { adStorageUpdate, googleConsentMode } from './google-consent-mode';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** What gtag pushes: its `arguments` object, not an array (Google's snippet: `dataLayer.push(arguments)`). */
function gtagCommand(..._args: unknown[]): IArguments {
  // biome-ignore lint/complexity/noArguments: gtag pushes exactly this.
  return arguments;
}

describe('adStorageUpdate', () => {
  it.each([
    [gtagCommand('consent', 'update', { ad_storage: 'granted' }), true],
    [gtagCommand('consent', 'update', { ad_storage: 'denied', analytics_storage: 'granted' }), false],
    [['consent', 'update', { ad_storage: 'granted' }], true],
    // A default is the shop's assumption, not the visitor's choice.
    [gtagCommand('consent', 'default', { ad_storage: 'granted' }), undefined],
    [gtagCommand('consent', 'default', { ad_storage: 'denied', wait_for_update: 500 }), undefined],
    // Unset ad_storage is no decision (GTM counts it as granted).
    [gtagCommand('consent', 'update', { analytics_storage: 'granted' }), undefined],
    [gtagCommand('consent', 'update', { ad_storage: 'GRANTED' }), undefined],
    [gtagCommand('consent', 'update', { ad_storage: true }), undefined],
    [gtagCommand('event', 'page_view', {}), undefined],
    [{ event: 'gtm.js' }, undefined],
    [undefined, undefined],
    [null, undefined],
  ])('%o → %s', (entry, expected) => {
    expect(adStorageUpdate(entry)).toBe(expected);
  });

  it('throws on a consent update without its parameters (the watcher reads that as no decision)', () => {
    expect(() => adStorageUpdate(gtagCommand('consent', 'update'))).toThrow(TypeError);
  });
});

describe('googleConsentMode', () => {
  function watch(name = 'dataLayer') {
    const votes: unknown[] = [];
    const connected = googleConsentMode(name)((read) => {
      try {
        votes.push(read());
      } catch {
        votes.push('threw');
      }
    });
    return { votes, connected };
  }

  it('reads the commands the data layer already holds (this script after gtag)', () => {
    const dataLayer = [
      gtagCommand('consent', 'default', { ad_storage: 'denied', wait_for_update: 500 }),
      gtagCommand('js', new Date()),
      gtagCommand('consent', 'update', { ad_storage: 'granted' }),
    ];
    vi.stubGlobal('dataLayer', dataLayer);
    const { votes, connected } = watch();
    expect(connected).toBe(true);
    expect(votes).toEqual([undefined, undefined, true]);
  });

  it('creates the data layer as gtag does and reads what is pushed later (this script before gtag)', () => {
    vi.stubGlobal('dataLayer', undefined);
    const { votes } = watch();
    const dataLayer = (globalThis as { dataLayer?: unknown[] }).dataLayer!;
    expect(Array.isArray(dataLayer) && dataLayer.length).toBe(0);
    function gtag(..._args: unknown[]) {
      // biome-ignore lint/complexity/noArguments: Google's snippet.
      dataLayer.push(arguments);
    }
    gtag('consent', 'default', { ad_storage: 'denied' });
    gtag('consent', 'update', { ad_storage: 'denied' });
    // push still appends, returns the new length, and takes several entries at once.
    expect(dataLayer.push({ event: 'a' }, gtagCommand('consent', 'update', { ad_storage: 'granted' }))).toBe(
      4,
    );
    expect(dataLayer).toHaveLength(4);
    expect(votes).toEqual([undefined, false, undefined, true]);
  });

  it('reads another data layer by its name', () => {
    vi.stubGlobal('shopLayer', [gtagCommand('consent', 'update', { ad_storage: 'denied' })]);
    expect(watch('shopLayer').votes).toEqual([false]);
  });

  it('throws on a data layer that is not a list (the watcher asks again later)', () => {
    vi.stubGlobal('dataLayer', 42);
    expect(() => watch()).toThrow(TypeError);
  });
});
