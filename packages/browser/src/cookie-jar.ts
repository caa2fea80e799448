import Cookies from 'js-cookie';

/*
 * NOTE: values are written and read raw. core's `encodeTouches` is already cookie-safe, and the server reads
 * the raw header value with `decodeTouches`: js-cookie's own encoding would make the two disagree.
 */
const jar = Cookies.withConverter<string>({ read: (value) => value, write: (value) => value });
const PROBE = 'ar_probe';

/**
 * Reads one cookie's raw value.
 *
 * @example
 * readCookie('ar_vid'); // → 'c0b5…' or undefined
 */
export function readCookie(name: string): string | undefined {
  return jar.get(name);
}

/**
 * Writes one cookie, raw.
 *
 * @example
 * writeCookie('ar_vid', id, cookieAttributes(30, true));
 */
export function writeCookie(name: string, value: string, attributes: Cookies.CookieAttributes): void {
  jar.set(name, value, attributes);
}

/**
 * Removes one cookie; `attributes` must name the same path and domain it was written with.
 *
 * @example
 * removeCookie('ar_touches', cookieAttributes(30, true, 'example.com'));
 */
export function removeCookie(name: string, attributes: Cookies.CookieAttributes): void {
  jar.remove(name, attributes);
}

/**
 * Whether the browser keeps a cookie set on `domain` (it refuses public suffixes and foreign domains).
 * The probe cookie is removed at once.
 *
 * @example
 * registrableDomain(location.hostname, acceptsCookieDomain);
 */
export function acceptsCookieDomain(domain: string): boolean {
  const attributes = { path: '/', domain };
  jar.set(PROBE, '1', attributes);
  const kept = jar.get(PROBE) === '1';
  jar.remove(PROBE, attributes);
  return kept;
}
