import { COOKIE_NAMES, newVisitorId } from '@affiliate-relay/core';
import type { DoctorCheck } from '../../clients/network-doctor';
import { type Answer, failureOf, fetchAnswer } from './fetch-answer';
import { NETWORK_DOCTORS } from './networks';
import { domainCovers, parseSetCookie } from './set-cookie';

/** What the collect checks need beside the shop's URL. */
export interface CollectCheckOptions {
  collectPath: string;
  /** The Max-Age the cookie must have (the longest window), in seconds. */
  maxAgeSeconds: number;
  /** Another host the cookie must reach (`--checkout-url`). */
  checkoutHost?: string;
}

const CACHE_FIX =
  'Bypass every cache for POST {path} (Cloudflare: a Cache Rule "Bypass cache"; Vercel/Next.js: a route handler, no s-maxage; nginx/Varnish: pass)';

/**
 * The deployed collect endpoint: a synthetic beacon (a touch of a network without a click call, so
 * that nothing reaches a network) answered 204 with the `ar_attr` cookie's attributes and
 * `Cache-Control: no-store`, then the same beacon again, which must not come from a cache.
 *
 * @example
 * const checks = await collectChecks(new URL('https://shop.example'), { collectPath, maxAgeSeconds });
 */
export async function collectChecks(url: URL, options: CollectCheckOptions): Promise<DoctorCheck[]> {
  const endpoint = new URL(options.collectPath, url);
  const now = Date.now();
  const landing = new URL('/', url).href;
  const touches = NETWORK_DOCTORS.flatMap((network) => network.syntheticTouch?.(now, landing) ?? []);
  const body = JSON.stringify({ touches, visitorId: newVisitorId(), pageUrl: landing });
  const send = () =>
    fetchAnswer(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        origin: url.origin,
        'user-agent': 'affiliate-relay-doctor',
      },
      body,
    });
  let first: Answer;
  let second: Answer;
  try {
    first = await send();
    second = await send();
  } catch (error) {
    return [
      {
        id: 'collect.status',
        status: 'fail',
        detail: `${endpoint.href} could not be reached: ${failureOf(error)}`,
        fix: 'Check the URL, DNS and TLS of the shop from where the doctor runs',
      },
    ];
  }
  const checks = [statusCheck(endpoint, first)];
  if (first.status !== 204) return [...checks, cacheHitCheck(options.collectPath, first, second)];
  checks.push(...cookieChecks(first, url.hostname, options));
  checks.push(cacheControlCheck(first));
  checks.push(cacheHitCheck(options.collectPath, first, second));
  return checks;
}

function statusCheck(endpoint: URL, answer: Answer): DoctorCheck {
  const id = 'collect.status';
  const where = `POST ${endpoint.pathname}`;
  if (answer.status === 204)
    return { id, status: 'pass', detail: `${where} answered 204 to a synthetic beacon` };
  const refusal = relayRefusal(answer);
  if (refusal) {
    return {
      id,
      status: 'fail',
      detail: `${where} answered ${answer.status}: the relay refused the beacon (${refusal.error}: ${refusal.reason})`,
      fix: REFUSAL_FIX[refusal.error] ?? "Read the relay's reason above",
    };
  }
  if (answer.status === 401 || answer.status === 403) {
    return {
      id,
      status: 'fail',
      detail: `${where} answered ${answer.status}: a login, CSRF or bot-protection middleware stands in front of the collect route`,
      fix: `Exempt ${endpoint.pathname} from that middleware (mount the relay's handler before it): beacons carry no session and no CSRF token`,
    };
  }
  if (answer.status >= 300 && answer.status < 400) {
    return {
      id,
      status: 'fail',
      detail: `${where} answered ${answer.status} to ${answer.headers.get('location') ?? '(no Location)'}: a beacon does not follow redirects`,
      fix: 'Serve the collect route at the URL the script beacons to, without a redirect (http→https, trailing slash, locale)',
    };
  }
  if (answer.status === 404 || answer.status === 405) {
    return {
      id,
      status: 'fail',
      detail: `${where} answered ${answer.status}: the collect endpoint is not mounted there`,
      fix: `Mount relay.collectListener() (or handleCollect) at ${endpoint.pathname}, or pass --collect-path`,
    };
  }
  const reason = answer.text().slice(0, 200);
  return {
    id,
    status: 'fail',
    detail: `${where} answered ${answer.status}${reason ? `: ${reason}` : ''}`,
    fix: 'Read the reason above: a 400 names what the relay refused (an origin not in allowedOrigins, consent)',
  };
}

/** What to do when the relay itself refused the doctor's beacon, by its error code. */
const REFUSAL_FIX: Record<string, string> = {
  cross_site:
    "The relay did not see the shop's own origin: behind a proxy set trustProxy (X-Forwarded-Host/-Proto), or add the origin to allowedOrigins",
  no_consent:
    "consent.allows refused a beacon without your banner's cookie (as it should): check the consent flow in a browser, the rest here cannot run",
  relay_closed: 'The relay is shutting down (close() was called): check the process serving the shop',
};

// A refusal in the relay's own JSON (`{ "error", "reason" }`), not a page from something in front of it.
function relayRefusal(answer: Answer): { error: string; reason: string } | undefined {
  if (!/json/i.test(answer.headers.get('content-type') ?? '')) return undefined;
  try {
    const body = JSON.parse(answer.text()) as { error?: unknown; reason?: unknown };
    return typeof body.error === 'string' && typeof body.reason === 'string'
      ? { error: body.error, reason: body.reason }
      : undefined;
  } catch {
    return undefined;
  }
}

function cookieChecks(answer: Answer, host: string, options: CollectCheckOptions): DoctorCheck[] {
  const cookie = answer.headers
    .getSetCookie()
    .map(parseSetCookie)
    .find((parsed) => parsed.name === COOKIE_NAMES.serverTouches);
  if (!cookie) {
    return [
      {
        id: 'collect.set-cookie',
        status: 'fail',
        detail: `the 204 carries no Set-Cookie ${COOKIE_NAMES.serverTouches}: something between the relay and the browser strips it (a CDN or page cache)`,
        fix: CACHE_FIX.replace('{path}', options.collectPath),
      },
    ];
  }
  const has = (name: string) => cookie.attributes.has(name);
  const checks: DoctorCheck[] = [
    { id: 'collect.set-cookie', status: 'pass', detail: `Set-Cookie ${COOKIE_NAMES.serverTouches} is there` },
    has('httponly')
      ? { id: 'cookie.httponly', status: 'pass', detail: 'HttpOnly' }
      : {
          id: 'cookie.httponly',
          status: 'fail',
          detail: 'not HttpOnly',
          fix: "Do not rewrite the relay's Set-Cookie: it is HttpOnly",
        },
    has('secure')
      ? { id: 'cookie.secure-attribute', status: 'pass', detail: 'Secure' }
      : {
          id: 'cookie.secure-attribute',
          status: 'fail',
          detail: 'not Secure: cookie.secure is false, or a proxy rewrote the header',
          fix: 'Leave cookie.secure at its default (true) and unset COOKIE_INSECURE; TLS at a proxy needs no change',
        },
  ];
  const sameSite = cookie.attributes.get('samesite');
  checks.push(
    sameSite?.toLowerCase() === 'lax'
      ? { id: 'cookie.samesite', status: 'pass', detail: 'SameSite=Lax' }
      : {
          id: 'cookie.samesite',
          status: 'fail',
          detail: `SameSite is ${sameSite ?? 'absent'}, not Lax`,
          fix: "Do not rewrite the relay's Set-Cookie: it is SameSite=Lax",
        },
  );
  const maxAge = Number(cookie.attributes.get('max-age'));
  checks.push(
    maxAge === options.maxAgeSeconds
      ? {
          id: 'cookie.max-age',
          status: 'pass',
          detail: `Max-Age=${maxAge} (${maxAge / 86_400} days, the window)`,
        }
      : {
          id: 'cookie.max-age',
          status: 'fail',
          detail: `Max-Age is ${cookie.attributes.get('max-age') ?? 'absent'}, not ${options.maxAgeSeconds} (the longest window of this config)`,
          fix: "Run the doctor with the shop's own config (attribution.windows), or check what rewrites the cookie",
        },
  );
  const domain = cookie.attributes.get('domain');
  const hosts = [host, ...(options.checkoutHost ? [options.checkoutHost] : [])];
  const missed = hosts.filter((each) => !domainCovers(domain, host, each));
  checks.push(
    missed.length === 0
      ? {
          id: 'cookie.domain',
          status: 'pass',
          detail: domain ? `Domain=${domain} covers ${hosts.join(', ')}` : `host-only, on ${host}`,
        }
      : {
          id: 'cookie.domain',
          status: 'fail',
          detail: `${domain ? `Domain=${domain}` : 'a host-only cookie'} does not reach ${missed.join(', ')}`,
          fix: 'Set cookie.domain to the domain shared by the landing and the checkout hosts (shop.example)',
        },
  );
  return checks;
}

function cacheControlCheck(answer: Answer): DoctorCheck {
  const value = answer.headers.get('cache-control');
  if (value && /(^|,)\s*no-store\s*(,|$)/i.test(value)) {
    return { id: 'collect.cache-control', status: 'pass', detail: `Cache-Control: ${value}` };
  }
  return {
    id: 'collect.cache-control',
    status: 'fail',
    detail: `Cache-Control is ${value ? `"${value}"` : 'absent'}: the relay answers no-store, something rewrote it`,
    fix: 'Keep the origin\'s Cache-Control on the collect route (Cloudflare: "Respect origin", no Edge TTL rule on it)',
  };
}

/** Headers by which caches say that an answer came from them. */
function cacheSigns(answer: Answer): string[] {
  const signs: string[] = [];
  const age = answer.headers.get('age');
  if (age !== null) signs.push(`Age: ${age}`);
  for (const name of ['cf-cache-status', 'x-vercel-cache', 'x-cache', 'x-nextjs-cache']) {
    const value = answer.headers.get(name);
    if (value && /hit|stale|prerender|revalidated|updating/i.test(value)) signs.push(`${name}: ${value}`);
  }
  return signs;
}

function cacheHitCheck(path: string, first: Answer, second: Answer): DoctorCheck {
  const signs = [...new Set([...cacheSigns(first), ...cacheSigns(second)])];
  if (signs.length === 0) {
    return {
      id: 'collect.cache-hit',
      status: 'pass',
      detail: 'a second identical beacon was not answered from a cache',
    };
  }
  return {
    id: 'collect.cache-hit',
    status: 'fail',
    detail: `the collect endpoint is answered from a cache (${signs.join(', ')}): its Set-Cookie never reaches the browser`,
    fix: CACHE_FIX.replace('{path}', path),
  };
}
