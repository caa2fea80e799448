import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Touch } from '@affiliate-relay/core';

/*
 * Shared by the relay's tests: constants, a beacon, a loopback server, and a Set-Cookie reader.
 */

export const SECRET = 'test-cookie-secret-of-at-least-32-chars';
export const OLD_SECRET = 'previous-cookie-secret-also-32-chars-long';
export const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
export const VISITOR_ID = 'vis_3f2c1a97';
export const SHOP = 'http://shop.test';
export const BROWSER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/17.5';
/** Fast retries for tests: a failure is final after 2 tries, waiting 1 ms. */
export const FAST_RETRY = { limit: 1, baseDelayMs: 1, maxDelayMs: 1 };

export function avantlinkTouch(overrides: Partial<Touch> = {}): Touch {
  return {
    network: 'avantlink',
    clickId: '77_f3afbe121',
    capturedAt: Date.now() - 60_000,
    landingUrl: `${SHOP}/products/tent?avad=77_f3afbe121`,
    ...overrides,
  };
}

export function afliteTouch(overrides: Partial<Touch> = {}): Touch {
  return {
    network: 'aflite',
    clickId: 'abc123',
    capturedAt: Date.now() - 60_000,
    landingUrl: `${SHOP}/?clickSource=aflite&clickSessionID=abc123`,
    ...overrides,
  };
}

/** A beacon as the browser script sends it. */
export function beacon(touches: Touch[] = [avantlinkTouch()], overrides: Record<string, unknown> = {}) {
  return {
    touches,
    visitorId: VISITOR_ID,
    pageUrl: touches[0]?.landingUrl ?? `${SHOP}/`,
    referrer: 'https://blog.example/best-tents',
    ...overrides,
  };
}

/** A Web Request to the collect endpoint of `SHOP`, as a same-origin browser sends it. */
export function collectRequest(
  body: unknown,
  init: { headers?: Record<string, string>; method?: string } = {},
): Request {
  return new Request(`${SHOP}/affiliate-relay/collect`, {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': BROWSER_UA,
      origin: SHOP,
      ...init.headers,
    },
    ...(init.method === 'GET' || init.method === 'HEAD'
      ? {}
      : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and a random port. */
export async function listen(listener: RequestListener): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags map to `true`. */
  attributes: Record<string, string | true>;
}

/** Reads a Set-Cookie value into its parts. */
export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attributes: Record<string, string | true> = {};
  for (const part of rest) {
    const [key = '', ...value] = part.trim().split('=');
    attributes[key.toLowerCase()] = value.length > 0 ? value.join('=') : true;
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
}

/** The `Cookie` header a browser would send back for these Set-Cookie values. */
export function cookieHeaderFrom(setCookies: readonly string[]): string {
  return setCookies
    .map(parseSetCookie)
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
}
