import { ConfigError } from '@affiliate-relay/core';

/*
 * Who may beacon. A browser always sends `Origin` on a cross-origin POST (and `Sec-Fetch-Site` in
 * current browsers), so a request from another site is recognised by them. A request without
 * either comes from no browser page (curl, a server) and cannot ride on a shopper's cookies: it
 * passes. The scheme is compared only when a trusted proxy gives it (`X-Forwarded-Proto`): behind
 * a TLS-terminating proxy the server itself sees `http` for an `https` page, and the host is what
 * tells sites apart.
 */

/** How the server knows its own origin. */
export interface OriginPolicy {
  /** Normalised allowed origins (`https://www.shop.example`). */
  allowedOrigins: ReadonlySet<string>;
  /** Read `X-Forwarded-Host` / `X-Forwarded-Proto`. */
  trustProxy: boolean;
}

/** What the origin check reads of a request: a Web `Request`, or the collect endpoint's Node view of one. */
export interface RequestHead {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}

/** The verdict, with the origin seen when it is allowed as a cross-origin caller (for CORS). */
export type OriginVerdict = { allowed: true; corsOrigin?: string } | { allowed: false; reason: string };

/**
 * Normalises configured origins; throws a ConfigError on one that is not an http(s) origin.
 *
 * @example
 * normalizeOrigins(['https://www.shop.example/']); // Set { 'https://www.shop.example' }
 */
export function normalizeOrigins(origins: readonly string[] | undefined): Set<string> {
  const set = new Set<string>();
  for (const origin of origins ?? []) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.length > 1) {
      throw new ConfigError(
        `allowedOrigins: ${JSON.stringify(origin)} is not an origin such as https://shop.example`,
      );
    }
    set.add(url.origin);
  }
  return set;
}

/**
 * Whether a beacon comes from the server's own site or an allowed origin.
 *
 * @example
 * const verdict = checkOrigin(request, { allowedOrigins: new Set(), trustProxy: false });
 * if (!verdict.allowed) return errorResponse({ code: 'cross_site', reason: verdict.reason });
 */
export function checkOrigin(request: RequestHead, policy: OriginPolicy): OriginVerdict {
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site')?.toLowerCase();
  if (origin !== null) {
    if (policy.allowedOrigins.has(origin)) return { allowed: true, corsOrigin: origin };
    if (origin !== 'null' && isOwnOrigin(origin, request, policy)) return { allowed: true };
    return {
      allowed: false,
      reason: `Origin ${origin === 'null' ? 'null' : (hostOf(origin) ?? 'unreadable')} is not this site and not in allowedOrigins`,
    };
  }
  if (fetchSite === 'cross-site') {
    return { allowed: false, reason: 'A cross-site request without an allowed Origin' };
  }
  return { allowed: true };
}

/** The host (with a non-default port) the request was sent to. */
export function ownHost(request: RequestHead, policy: Pick<OriginPolicy, 'trustProxy'>): string | undefined {
  const forwarded = policy.trustProxy ? firstValue(request.headers.get('x-forwarded-host')) : undefined;
  const host = forwarded ?? request.headers.get('host') ?? safeUrl(request.url)?.host;
  return host ? normalizeHost(host) : undefined;
}

// The scheme counts only when a trusted proxy states it: otherwise the server cannot know it.
function isOwnOrigin(origin: string, request: RequestHead, policy: OriginPolicy): boolean {
  const url = safeUrl(origin);
  if (!url || normalizeHost(url.host) !== ownHost(request, policy)) return false;
  const proto = policy.trustProxy ? firstValue(request.headers.get('x-forwarded-proto')) : undefined;
  return proto === undefined || `${proto.toLowerCase()}:` === url.protocol;
}

function hostOf(origin: string): string | undefined {
  const url = safeUrl(origin);
  return url ? normalizeHost(url.host) : undefined;
}

// `shop.example:443` and `shop.example` are the same host to a browser.
function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/:(80|443)$/, '');
}

function firstValue(header: string | null): string | undefined {
  const first = header?.split(',')[0]?.trim();
  return first ? first : undefined;
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
