import { AVANTLINK_ADJUSTMENT_API } from '@affiliate-relay/core';
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import { createFakeAflite, type FakeAflite, type FakeAfliteOptions } from './aflite-model';
import { AVANTLINK_LEGACY_API_PATH } from './avantlink-adjustments';
import { createFakeAvantLink, type FakeAvantLink, type FakeAvantLinkOptions } from './avantlink-model';
import type { FakeNetwork } from './types';

/*
 * msw handlers with the very behaviour of the fake servers: both hand requests to the same fake
 * (`createFakeAvantLink` / `createFakeAflite`). Pass your own `fake` to inspect what arrived.
 */

/** Options of {@link avantLinkHandlers}. */
export interface AvantLinkHandlerOptions extends FakeAvantLinkOptions {
  /** The base URL to intercept. Default: `'https://client.avantlink.com'`. */
  baseUrl?: string;
  /**
   * The legacy API URL to intercept (adjustments), answered by the fake's adjustment module.
   * Default: `'https://classic.avantlink.com/api.php'` (core's AVANTLINK_ADJUSTMENT_API.url, unconfirmed).
   */
  legacyApiUrl?: string;
  /** The fake that answers (and records). Default: a new one made from these options. */
  fake?: FakeAvantLink;
}

/** Options of {@link afliteHandlers}. */
export interface AfliteHandlerOptions extends FakeAfliteOptions {
  /** The base URL to intercept. Default: `'http://aflite.co.uk'`. */
  baseUrl?: string;
  /** The fake that answers (and records). Default: a new one made from these options. */
  fake?: FakeAflite;
}

/**
 * @example
 * const avantlink = createFakeAvantLink();
 * const server = setupServer(...avantLinkHandlers({ fake: avantlink }));
 * server.listen({ onUnhandledFrame: 'error' });
 */
export function avantLinkHandlers(options: AvantLinkHandlerOptions = {}): RequestHandler[] {
  const fake = options.fake ?? createFakeAvantLink(options);
  const legacyApiUrl = (options.legacyApiUrl ?? AVANTLINK_ADJUSTMENT_API.url).replace(/\/+$/, '');
  return [
    // Whatever its path, the legacy URL reaches the fake's adjustment module.
    http.all(legacyApiUrl, ({ request }) => answer(fake, request, AVANTLINK_LEGACY_API_PATH)),
    ...handlersFor(fake, options.baseUrl ?? 'https://client.avantlink.com'),
  ];
}

/**
 * @example
 * const aflite = createFakeAflite({ apiKey: 'k', merchantId: 'm' });
 * const server = setupServer(...afliteHandlers({ fake: aflite }));
 */
export function afliteHandlers(options: AfliteHandlerOptions = {}): RequestHandler[] {
  return handlersFor(options.fake ?? createFakeAflite(options), options.baseUrl ?? 'http://aflite.co.uk');
}

function handlersFor(fake: FakeNetwork, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => answer(fake, request))];
}

async function answer(fake: FakeNetwork, request: Request, path?: string): Promise<Response> {
  const url = new URL(request.url);
  const response = fake.handle({
    method: request.method,
    path: path ?? url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(request.headers),
    rawBody: await request.text(),
  });
  if (response.drop) return HttpResponse.error();
  if (response.delayMs) await delay(response.delayMs);
  return new HttpResponse(response.body, { status: response.status, headers: response.headers });
}

export { createFakeAflite, createFakeAvantLink, type FakeAflite, type FakeAvantLink };
