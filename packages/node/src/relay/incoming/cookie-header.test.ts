import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { checkCookieDomain, parseCookieHeader, serializeSetCookie } from './cookie-header';

describe('parseCookieHeader', () => {
  it('reads every pair, raw, with spaces around them trimmed', () => {
    expect(parseCookieHeader('ar_vid=vis_3f2c1a97;  ar_touches=1|a:77_f3afbe121:sx3k2 ; other=%41')).toEqual({
      ar_vid: 'vis_3f2c1a97',
      ar_touches: '1|a:77_f3afbe121:sx3k2',
      other: '%41',
    });
  });

  it('keeps the first of two pairs with the same name', () => {
    expect(parseCookieHeader('a=first; a=second').a).toBe('first');
  });

  it('keeps a value that contains "=" and drops surrounding double quotes', () => {
    expect(parseCookieHeader('sig=abc==; q="quoted"')).toEqual({ sig: 'abc==', q: 'quoted' });
  });

  it('yields nothing from garbage, an absent header or one too long to be genuine', () => {
    expect(parseCookieHeader('no pairs here;;=;')).toEqual({});
    expect(parseCookieHeader(undefined)).toEqual({});
    expect(parseCookieHeader(null)).toEqual({});
    expect(parseCookieHeader(`a=${'x'.repeat(20_000)}`)).toEqual({});
  });

  it('is not fooled by a cookie named like an Object prototype key', () => {
    const cookies = parseCookieHeader('__proto__=x; constructor=y');
    expect(cookies.constructor).toBe('y');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
  });
});

describe('serializeSetCookie', () => {
  it('writes every attribute in a stable order', () => {
    const header = serializeSetCookie('ar_attr', 'v|1.sig', {
      maxAgeSeconds: 2_592_000,
      domain: 'shop.example',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    });
    expect(header).toBe(
      'ar_attr=v|1.sig; Max-Age=2592000; Domain=shop.example; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('leaves out Domain, HttpOnly and Secure when they are not wanted', () => {
    expect(
      serializeSetCookie('a', 'b', { maxAgeSeconds: 10.9, httpOnly: false, secure: false, sameSite: 'Lax' }),
    ).toBe('a=b; Max-Age=10; Path=/; SameSite=Lax');
  });

  it('refuses a value that would need encoding', () => {
    const attributes = { maxAgeSeconds: 1, httpOnly: true, secure: true, sameSite: 'Lax' as const };
    expect(() => serializeSetCookie('a', 'x; Domain=evil.example', attributes)).toThrow(ConfigError);
    expect(() => serializeSetCookie('a b', 'x', attributes)).toThrow(ConfigError);
  });
});

describe('checkCookieDomain', () => {
  it('accepts host names and treats an empty one as none', () => {
    expect(checkCookieDomain('shop.example')).toBe('shop.example');
    expect(checkCookieDomain('.shop.example')).toBe('.shop.example');
    expect(checkCookieDomain('')).toBeUndefined();
    expect(checkCookieDomain(undefined)).toBeUndefined();
  });

  it('refuses anything that is not a host name', () => {
    expect(() => checkCookieDomain('shop.example; Secure')).toThrow(ConfigError);
    expect(() => checkCookieDomain('https://shop.example')).toThrow(ConfigError);
  });
});
