import { clientIpOf } from '../incoming/client-ip';
import { forwardableUrl } from '../incoming/forwardable-url';
import type { ConversionInput, ConversionRequest } from './conversion-types';

/** The browser context AvantLink's order body carries. */
export interface OrderContext {
  userAgent: string;
  currentUrl: string;
  clientIp?: string;
}

/**
 * The browser context of an order: the shop's `context` first, then the request (its user agent;
 * its URL for a GET such as a thank-you page, else its `Referer`, the page that posted), then what the
 * attribution kept from the click (`atClick`: the shopper's user agent and the touch's landing URL, for a
 * webhook, which has no browser), else `''`. The IP is read only when `forwardIp` is on.
 *
 * @example
 * orderContext({ request }, { forwardIp: false, trustProxy: false }); // { userAgent: 'Mozilla/5.0 …', currentUrl: 'https://shop.example/thanks' }
 */
export function orderContext(
  input: Pick<ConversionInput, 'request' | 'context'>,
  options: { forwardIp: boolean; trustProxy: boolean },
  atClick: { userAgent?: string | undefined; landingUrl?: string | undefined } = {},
): OrderContext {
  const { request, context = {} } = input;
  const out: OrderContext = {
    userAgent: context.userAgent ?? headerOf(request, 'user-agent') ?? atClick.userAgent ?? '',
    currentUrl: context.currentUrl ?? pageOf(request) ?? forwardableUrl(atClick.landingUrl) ?? '',
  };
  if (options.forwardIp) {
    const ip = clientIpOf(
      headerOf(request, 'x-forwarded-for'),
      { clientIp: context.clientIp, remoteAddress: socketOf(request) },
      options.trustProxy,
    );
    if (ip) out.clientIp = ip;
  }
  return out;
}

/** A header of a Web or Node request. */
export function headerOf(request: ConversionRequest | undefined, name: string): string | undefined {
  if (!request) return undefined;
  if (isWebRequest(request)) return request.headers.get(name) ?? undefined;
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

// Browsers keep a Secure cookie sent over plain http only from these (potentially trustworthy) hosts.
const TRUSTWORTHY_HTTP_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the shopper's browser is on a plain-http page other than localhost, by what the browser
 * itself sent (`Origin`, else `Referer`: right behind a TLS-terminating proxy too). There a browser
 * drops the relay's Secure server cookie.
 *
 * @example
 * onPlainHttp(new Request('http://10.0.0.5:3000/thanks', { headers: { referer: 'http://10.0.0.5:3000/cart' } })); // true
 */
export function onPlainHttp(request: ConversionRequest | undefined): boolean {
  const page = headerOf(request, 'origin') ?? headerOf(request, 'referer');
  if (!page) return false;
  try {
    const { protocol, hostname } = new URL(page);
    return protocol === 'http:' && !TRUSTWORTHY_HTTP_HOSTS.has(hostname) && !hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

function pageOf(request: ConversionRequest | undefined): string | undefined {
  if (!isWebRequest(request)) return headerOf(request, 'referer');
  if (request.method === 'GET') return request.url;
  return request.headers.get('referer') ?? request.url;
}

function socketOf(request: ConversionRequest | undefined): string | undefined {
  return !request || isWebRequest(request) ? undefined : request.socket?.remoteAddress;
}

// Duck-typed: a framework's own Request class (or another realm's) is still a Request.
function isWebRequest(request: ConversionRequest | undefined): request is Request {
  return typeof (request as Request | undefined)?.headers?.get === 'function';
}
