/** IPv4 (digits and dots) and IPv6 (has a colon). Single-label hosts such as `localhost` have no parent to try. */
const NO_DOMAIN_HOST = /^[\d.]+$|:/;

/**
 * The widest domain a cookie can be set on, found without a public-suffix list (Segment's `tld()`): try each
 * parent domain from the top down (`co.uk`, then `example.co.uk`, …) and keep the first that `accepts`; the
 * browser refuses a public suffix. `localhost`, IP addresses and hosts where nothing sticks get none, so the
 * cookie is host-only.
 *
 * @example
 * registrableDomain('shop.example.co.uk', (domain) => probeCookie(domain)); // → 'example.co.uk'
 */
export function registrableDomain(
  hostname: string,
  accepts: (domain: string) => boolean,
): string | undefined {
  if (NO_DOMAIN_HOST.test(hostname)) return undefined;
  const labels = hostname.split('.');
  // From the last two labels (i = length - 2) down to the whole host (i = 0).
  for (let i = labels.length - 1; i--; ) {
    const domain = labels.slice(i).join('.');
    if (accepts(domain)) return domain;
  }
  return undefined;
}
