import { type NextRequest, NextResponse } from 'next/server';
import { relay } from './lib/relay';

/*
 * Server-side capture of a landing: Next's proxy (formerly middleware) runs before the page renders and
 * may set cookies, which a Server Component cannot. A click in the URL (?avad=…, ?clickSource=aflite&…)
 * gets its signed cookie with the page, and AvantLink its click call, before any JavaScript runs.
 */
export async function proxy(request: NextRequest) {
  const { setCookie } = await relay.captureFromRequest(request);
  const response = NextResponse.next();
  for (const cookie of setCookie) response.headers.append('Set-Cookie', cookie);
  return response;
}

// Pages only: not the collect endpoint, the script, or Next's own files.
export const config = { matcher: ['/products/:path*', '/'] };
