/** Where the relay may learn the shopper's IP, most trusted first. */
export interface IpSources {
  /** Given by the shop (e.g. from `CF-Connecting-IP`): always believed. */
  clientIp?: string | undefined;
  /** The TCP peer (set by `relay.collectListener()`); a proxy's address when one is in front. */
  remoteAddress?: string | undefined;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:]+(%[\w.-]+)?$/i;

/**
 * The shopper's IP: the shop's `clientIp`; else, behind a trusted proxy, the first
 * `X-Forwarded-For` entry (the client as the first proxy saw it); else the TCP peer. `undefined`
 * when none is a readable IP address.
 *
 * AvantLink wants "the end users ip address NOT the servers ip address": an address that is not
 * public (loopback, private, shared, link-local), read from `X-Forwarded-For` or the socket, is a
 * proxy or the shop's own network, never a shopper on the internet, so it is never returned.
 * `trustProxy` assumes the proxy in front overwrites `X-Forwarded-For` (a client can write one).
 *
 * @example
 * clientIpOf(request.headers.get('x-forwarded-for'), { remoteAddress: '::ffff:203.0.113.7' }, false); // '203.0.113.7'
 */
export function clientIpOf(
  forwardedFor: string | null | undefined,
  sources: IpSources,
  trustProxy: boolean,
): string | undefined {
  const given = normalizeIp(sources.clientIp);
  if (given) return given;
  const forwarded = trustProxy ? forwardedFor?.split(',')[0] : undefined;
  for (const candidate of [forwarded, sources.remoteAddress]) {
    const ip = normalizeIp(candidate);
    if (ip && isPublicIp(ip)) return ip;
  }
  return undefined;
}

// Ranges that never hold a shopper's public address: this network, private, shared (CGNAT, cloud
// load balancers), loopback, link-local.
const NOT_PUBLIC_V4: readonly [number, number][] = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
];

/**
 * Whether a normalized IP address may be a shopper's on the internet: not loopback, private
 * (10/8, 172.16/12, 192.168/16, fc00::/7), shared (100.64/10), link-local (169.254/16, fe80::/10)
 * or unspecified. An address it cannot read counts as not public.
 *
 * @example
 * isPublicIp('127.0.0.1'); // false
 */
export function isPublicIp(ip: string): boolean {
  if (IPV4.test(ip)) return isPublicV4(ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0));
  const h = hextets(ip.toLowerCase().replace(/%.*$/, ''));
  if (!h) return false;
  const [first = 0, , , , , sixth = 0, seventh = 0, last = 0] = h;
  if (h.slice(0, 5).every((part) => part === 0)) {
    // ::ffff:a.b.c.d written in hex is an IPv4 address; :: and ::1 are unspecified and loopback.
    if (sixth === 0xffff) return isPublicV4(seventh * 65_536 + last);
    if (sixth === 0 && seventh === 0 && last <= 1) return false;
  }
  // fe80::/10 link-local, fec0::/10 site-local (deprecated), fc00::/7 unique local.
  return (first & 0xffc0) !== 0xfe80 && (first & 0xffc0) !== 0xfec0 && (first & 0xfe00) !== 0xfc00;
}

/** Trims, unwraps an IPv4-mapped IPv6 address, and checks the shape; `undefined` otherwise. */
export function normalizeIp(value: string | undefined): string | undefined {
  const ip = value?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!ip) return undefined;
  if (IPV4.test(ip)) return ip.split('.').every((part) => Number(part) <= 255) ? ip : undefined;
  return ip.includes(':') && IPV6.test(ip) ? ip : undefined;
}

function isPublicV4(value: number): boolean {
  return !NOT_PUBLIC_V4.some(([base, bits]) => value >>> (32 - bits) === base >>> (32 - bits));
}

// The eight 16-bit groups of an IPv6 address (`::` expanded), or `undefined` when it is malformed.
function hextets(address: string): number[] | undefined {
  const [head = '', tail, extra] = address.split('::');
  if (extra !== undefined) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}
