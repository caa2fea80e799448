import { DEFAULT_COLLECT_PATH, DEFAULT_WINDOW_DAYS, MAX_COOKIE_DAYS } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { resolveOptions, type ScriptTagData } from './options';

describe('resolveOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveOptions()).toEqual({
      endpoint: DEFAULT_COLLECT_PATH,
      cookieDomain: undefined,
      windowDays: DEFAULT_WINDOW_DAYS,
      granted: true,
      debug: false,
      onError: undefined,
    });
    expect(DEFAULT_COLLECT_PATH).toBe('/affiliate-relay/collect');
    expect(DEFAULT_WINDOW_DAYS).toBe(30);
  });

  it('caps the window at the 400 days a browser keeps a cookie', () => {
    expect(resolveOptions({ windowDays: 900 }).windowDays).toBe(MAX_COOKIE_DAYS);
    expect(resolveOptions({ windowDays: 45 }).windowDays).toBe(45);
  });

  it.each([0, -3, Number.NaN, undefined])('falls back to 30 days for a window of %s', (windowDays) => {
    expect(resolveOptions({ windowDays }).windowDays).toBe(30);
  });

  it("reads a script tag's string attributes", () => {
    const options = resolveOptions({
      endpoint: '/track',
      cookieDomain: 'example.com',
      windowDays: '60',
      consent: 'pending',
    });
    expect(options).toMatchObject({
      endpoint: '/track',
      cookieDomain: 'example.com',
      windowDays: 60,
      granted: false,
    });
  });

  it('treats empty attributes as absent', () => {
    const options = resolveOptions({ endpoint: '', cookieDomain: '', windowDays: '' });
    expect(options).toMatchObject({
      endpoint: DEFAULT_COLLECT_PATH,
      cookieDomain: undefined,
      windowDays: 30,
      granted: true,
    });
  });

  it.each([undefined, 'granted', 'GRANTED', 'Granted'])('grants consent for %j', (consent) => {
    expect(resolveOptions({ consent } as ScriptTagData).granted).toBe(true);
  });

  it.each([
    'pending',
    'Pending',
    'PENDING',
    'denied',
    'false',
    'no',
    '',
    ' granted',
    'yes please',
    null,
    false,
  ])('fails closed: consent %j is pending, never granted', (consent) => {
    expect(resolveOptions({ consent } as unknown as ScriptTagData).granted).toBe(false);
  });
});
