import Cookies from 'js-cookie';

/*
 * NOTE: values are written and read raw. core's `encodeTouches` is already cookie-safe, and the server reads
 * the raw header value with `decodeTouches`: js-cookie's own encoding would make the two disagree.
 */
const jar = Cookies.withConverter<string>({ read: (value) => value, write: (value) => value });
const PROBE = 'ar_probe';

// NOTE: the jar's own methods, which need no `this`: a function of ours around each cost bytes in the script tag.

/**
 * Reads one cookie's raw value.
 *
 * @example
 * readCookie('ar_vid'); // → 'c0b5…' or undefined
 */
export const readCookie: (name: string) => string | undefined = jar.get;

/**
 * Writes one cookie, raw.
 *
 * @example
 * writeCookie('ar_vid', id, cookieAttributes(30, true));
 */
export const writeCookie: (name: string, value: string, attributes: Cookies.CookieAttributes) => void =
  jar.set;

/**
 * Removes one cookie; `attributes` must name the same path and domain it was written with.
 *
 * @example
 * removeCookie('ar_touches', cookieAttributes(30, true, 'example.com'));
 */
export const removeCookie: (name: string, attributes: Cookies.CookieAttributes) => void = jar.remove;

/**
 * Whether the browser keeps a cookie set on `domain` (it refuses public suffixes and foreign domains).
 * The probe cookie is removed at once.
 *
 * @example
 * registrableDomain(location.hostname, acceptsCookieDomain);
 */
export function acceptsCookieDomain(domain: string): boolean {
  const attributes = { domain }; // js-cookie's default path: `/`
  writeCookie(PROBE, '1', attributes);
  const kept = readCookie(PROBE) === '1';
  removeCookie(PROBE, attributes);
  return kept;
}
