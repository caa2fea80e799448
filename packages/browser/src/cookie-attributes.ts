import type Cookies from 'js-cookie';

/**
 * Attributes of every cookie the script writes: site-wide, sent on top-level navigations from other sites
 * (a shopper following an affiliate link), Secure on https, lasting the attribution window.
 * js-cookie leaves out a falsy attribute, so `secure: false` and `domain: undefined` are not written. NOTE: the
 * path is js-cookie's default, `/` (site-wide), so it is not repeated here; cookie-attributes.test.ts checks it.
 *
 * @example
 * Cookies.set('ar_touches', value, cookieAttributes(30, location.protocol === 'https:', 'example.com'));
 */
export function cookieAttributes(days: number, secure: boolean, domain?: string): Cookies.CookieAttributes {
  return { sameSite: 'Lax', expires: days, secure, domain };
}
