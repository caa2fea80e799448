import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { checkOrigin, normalizeOrigins, ownHost } from './request-origin';

function request(headers: Record<string, string>, url = 'http://shop.test/affiliate-relay/collect') {
  return new Request(url, { method: 'POST', headers });
}

const none = { allowedOrigins: new Set<string>(), trustProxy: false };

describe('checkOrigin', () => {
  it('allows an Origin on the request’s own host, whatever the scheme a proxy hides', () => {
    expect(checkOrigin(request({ origin: 'http://shop.test', host: 'shop.test' }), none)).toEqual({
      allowed: true,
    });
    expect(checkOrigin(request({ origin: 'https://shop.test', host: 'shop.test' }), none)).toEqual({
      allowed: true,
    });
    expect(checkOrigin(request({ origin: 'https://shop.test', host: 'shop.test:443' }), none).allowed).toBe(
      true,
    );
  });

  it('refuses an Origin of another site, with a reason naming its host', () => {
    const verdict = checkOrigin(request({ origin: 'https://evil.example', host: 'shop.test' }), none);
    expect(verdict).toEqual({
      allowed: false,
      reason: 'Origin evil.example is not this site and not in allowedOrigins',
    });
  });

  it('refuses another port and a subdomain unless allowed', () => {
    expect(checkOrigin(request({ origin: 'http://shop.test:8080', host: 'shop.test' }), none).allowed).toBe(
      false,
    );
    expect(checkOrigin(request({ origin: 'https://www.shop.test', host: 'shop.test' }), none).allowed).toBe(
      false,
    );
  });

  it('allows a listed origin and returns it for CORS', () => {
    const policy = { allowedOrigins: normalizeOrigins(['https://www.shop.test']), trustProxy: false };
    const verdict = checkOrigin(request({ origin: 'https://www.shop.test', host: 'shop.test' }), policy);
    expect(verdict).toEqual({ allowed: true, corsOrigin: 'https://www.shop.test' });
  });

  it('refuses Origin: null (sandboxed frames, opaque origins)', () => {
    expect(checkOrigin(request({ origin: 'null', host: 'shop.test' }), none).allowed).toBe(false);
  });

  it('refuses Sec-Fetch-Site: cross-site without an Origin, and allows a request with neither', () => {
    expect(checkOrigin(request({ 'sec-fetch-site': 'cross-site' }), none).allowed).toBe(false);
    expect(checkOrigin(request({ 'sec-fetch-site': 'same-origin' }), none).allowed).toBe(true);
    expect(checkOrigin(request({}), none).allowed).toBe(true);
  });

  it('reads X-Forwarded-Host and -Proto only with trustProxy', () => {
    const headers = {
      origin: 'https://shop.example',
      host: 'internal:3000',
      'x-forwarded-host': 'shop.example',
      'x-forwarded-proto': 'https',
    };
    expect(checkOrigin(request(headers), none).allowed).toBe(false);
    expect(checkOrigin(request(headers), { ...none, trustProxy: true }).allowed).toBe(true);
    const wrongScheme = { ...headers, origin: 'http://shop.example' };
    expect(checkOrigin(request(wrongScheme), { ...none, trustProxy: true }).allowed).toBe(false);
  });
});

describe('ownHost', () => {
  it('prefers the Host header, then the URL; drops default ports and case', () => {
    expect(ownHost(request({ host: 'Shop.Test:80' }), none)).toBe('shop.test');
    expect(ownHost(request({}, 'http://a.test:8080/x'), none)).toBe('a.test:8080');
  });
});

describe('normalizeOrigins', () => {
  it('normalises origins and refuses anything else', () => {
    expect([...normalizeOrigins(['https://WWW.shop.test/', 'http://localhost:3000'])]).toEqual([
      'https://www.shop.test',
      'http://localhost:3000',
    ]);
    expect(() => normalizeOrigins(['shop.test'])).toThrow(ConfigError);
    expect(() => normalizeOrigins(['https://shop.test/path'])).toThrow(ConfigError);
    expect(() => normalizeOrigins(['ftp://shop.test'])).toThrow(ConfigError);
  });
});
