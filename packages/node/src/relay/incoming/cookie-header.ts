import { ConfigError } from '@affiliate-relay/core';

/*
 * The two cookie strings the relay reads and writes. Values stay raw: core's cookie values are
 * cookie-safe as written (`encodeTouches`), so nothing is percent-decoded or quoted here.
 */

/** Past this a `Cookie` header is not read at all (browsers send 8 KB at most per cookie pair). */
const MAX_HEADER_LENGTH = 16_384;

/**
 * Reads a `Cookie` request header into name → value. The first pair of a name wins (the most
 * specific path comes first in browsers). Values are kept raw; surrounding double quotes are
 * dropped as RFC 6265 allows. Never throws: garbage yields no pairs.
 *
 * @example
 * parseCookieHeader('ar_vid=abc12345; ar_touches=1|a:77_x:sx3k2'); // { ar_vid: 'abc12345', ar_touches: '1|a:77_x:sx3k2' }
 */
export function parseCookieHeader(header: string | null | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

/** Attributes of a `Set-Cookie` the relay writes. */
export interface SetCookieAttributes {
  maxAgeSeconds: number;
  domain?: string;
  path?: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict' | 'None';
}

// RFC 6265 cookie-octet: visible ASCII except space, DQUOTE, comma, semicolon and backslash.
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DOMAIN = /^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/**
 * A `Set-Cookie` header value. Throws when the name or value would need encoding: the relay only
 * writes values that are cookie-safe by construction, so that is a bug, not input.
 *
 * @example
 * serializeSetCookie('ar_attr', value, { maxAgeSeconds: 2_592_000, httpOnly: true, secure: true, sameSite: 'Lax' });
 * // 'ar_attr=…; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax'
 */
export function serializeSetCookie(name: string, value: string, attributes: SetCookieAttributes): string {
  if (!TOKEN.test(name) || !COOKIE_OCTETS.test(value)) {
    throw new ConfigError(`Cookie ${name} cannot be written raw: name or value is not cookie-safe`);
  }
  const parts = [`${name}=${value}`, `Max-Age=${Math.max(0, Math.floor(attributes.maxAgeSeconds))}`];
  if (attributes.domain) parts.push(`Domain=${attributes.domain}`);
  parts.push(`Path=${attributes.path ?? '/'}`);
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/**
 * Checks a cookie `Domain` (a host name such as `shop.example` or `.shop.example`).
 *
 * @example
 * checkCookieDomain('shop.example'); // 'shop.example'
 */
export function checkCookieDomain(domain: string | undefined): string | undefined {
  if (domain === undefined || domain === '') return undefined;
  if (typeof domain !== 'string' || !DOMAIN.test(domain)) {
    throw new ConfigError('cookie.domain must be a host name such as shop.example');
  }
  return domain;
}
