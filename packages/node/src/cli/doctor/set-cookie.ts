/** One `Set-Cookie` header, parsed: its name, value and attributes (names in lower case). */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

/**
 * @example
 * parseSetCookie('ar_attr=v; Max-Age=60; HttpOnly').attributes.get('max-age'); // '60'
 */
export function parseSetCookie(header: string): SetCookie {
  const [pair = '', ...parts] = header.split(';');
  const at = pair.indexOf('=');
  const attributes = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (key) attributes.set(key, eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), attributes };
}

/**
 * Whether a cookie with this `Domain` attribute (absent: host-only, set by `setBy`) is sent to `host`.
 *
 * @example
 * domainCovers('shop.example', 'www.shop.example', 'checkout.shop.example'); // true
 */
export function domainCovers(domain: string | undefined, setBy: string, host: string): boolean {
  if (domain === undefined || domain === '') return host === setBy;
  const bare = domain.replace(/^\./, '').toLowerCase();
  return host === bare || host.endsWith(`.${bare}`);
}
