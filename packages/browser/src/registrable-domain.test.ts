import { describe, expect, it } from 'vitest';
import { registrableDomain } from './registrable-domain';

const PUBLIC_SUFFIXES = new Set(['com', 'co.uk', 'uk', 'github.io']);
const browserAccepts = (domain: string) => !PUBLIC_SUFFIXES.has(domain);

describe('registrableDomain', () => {
  it.each([
    ['shop.example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['www.shop.example.co.uk', 'example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['my-shop.github.io', 'my-shop.github.io'],
  ])('chooses the widest domain the browser accepts for %s', (host, expected) => {
    expect(registrableDomain(host, browserAccepts)).toBe(expected);
  });

  it('tries parent domains from the top down and stops at the first that sticks', () => {
    const tried: string[] = [];
    registrableDomain('a.b.example.co.uk', (domain) => {
      tried.push(domain);
      return browserAccepts(domain);
    });
    expect(tried).toEqual(['co.uk', 'example.co.uk']);
  });

  it.each(['localhost', '127.0.0.1', '10.0.0.12', '[::1]', '::1', 'intranet'])(
    'gives %s no Domain attribute, without probing',
    (host) => {
      let probed = false;
      expect(
        registrableDomain(host, () => {
          probed = true;
          return true;
        }),
      ).toBeUndefined();
      expect(probed).toBe(false);
    },
  );

  it('gives no Domain attribute when no cookie sticks (cookies blocked)', () => {
    expect(registrableDomain('shop.example.com', () => false)).toBeUndefined();
  });
});
