/** Where the relay may learn the shopper's IP, most trusted first. */
export interface IpSources {
  /** Given by the shop (e.g. from `CF-Connecting-IP`): always believed. */
  clientIp?: string | undefined;
  /** The TCP peer (set by `toNodeListener`); a proxy's address when one is in front. */
  remoteAddress?: string | undefined;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+(%[\w.-]+)?$/i;

/**
 * The shopper's IP: the shop's `clientIp`; else, behind a trusted proxy, the first
 * `X-Forwarded-For` entry (the client as the first proxy saw it); else the TCP peer. `undefined`
 * when none is a readable IP address.
 *
 * @example
 * clientIpOf(request.headers.get('x-forwarded-for'), { remoteAddress: '::ffff:203.0.113.7' }, false); // '203.0.113.7'
 */
export function clientIpOf(
  forwardedFor: string | null | undefined,
  sources: IpSources,
  trustProxy: boolean,
): string | undefined {
  const forwarded = trustProxy ? forwardedFor?.split(',')[0] : undefined;
  for (const candidate of [sources.clientIp, forwarded, sources.remoteAddress]) {
    const ip = normalizeIp(candidate);
    if (ip) return ip;
  }
  return undefined;
}

/** Trims, unwraps an IPv4-mapped IPv6 address, and checks the shape; `undefined` otherwise. */
export function normalizeIp(value: string | undefined): string | undefined {
  const ip = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!ip) return undefined;
  if (IPV4.test(ip)) return ip.split('.').every((part) => Number(part) <= 255) ? ip : undefined;
  return ip.includes(':') && IPV6.test(ip) ? ip : undefined;
}
