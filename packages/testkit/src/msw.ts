import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import { type AfliteFake, createAfliteFake, type FakeAfliteOptions } from './aflite-model';
import { type AvantLinkFake, createAvantLinkFake, type FakeAvantLinkOptions } from './avantlink-model';
import type { FakeNetwork } from './types';

/*
 * msw handlers with the very behaviour of the fake servers: both hand requests to the same fake
 * (`createAvantLinkFake` / `createAfliteFake`). Pass your own `fake` to inspect what arrived.
 */

/** Options of {@link avantLinkHandlers}. */
export interface AvantLinkHandlerOptions extends FakeAvantLinkOptions {
  /** The base URL to intercept. Default: `'https://client.avantlink.com'`. */
  baseUrl?: string;
  /** The fake that answers (and records). Default: a new one made from these options. */
  fake?: AvantLinkFake;
}

/** Options of {@link afliteHandlers}. */
export interface AfliteHandlerOptions extends FakeAfliteOptions {
  /** The base URL to intercept. Default: `'http://aflite.co.uk'`. */
  baseUrl?: string;
  /** The fake that answers (and records). Default: a new one made from these options. */
  fake?: AfliteFake;
}

/**
 * @example
 * const avantlink = createAvantLinkFake();
 * const server = setupServer(...avantLinkHandlers({ fake: avantlink }));
 * server.listen({ onUnhandledFrame: 'error' });
 */
export function avantLinkHandlers(options: AvantLinkHandlerOptions = {}): RequestHandler[] {
  return handlersFor(
    options.fake ?? createAvantLinkFake(options),
    options.baseUrl ?? 'https://client.avantlink.com',
  );
}

/**
 * @example
 * const aflite = createAfliteFake({ apiKey: 'k', merchantId: 'm' });
 * const server = setupServer(...afliteHandlers({ fake: aflite }));
 */
export function afliteHandlers(options: AfliteHandlerOptions = {}): RequestHandler[] {
  return handlersFor(options.fake ?? createAfliteFake(options), options.baseUrl ?? 'http://aflite.co.uk');
}

function handlersFor(fake: FakeNetwork, baseUrl: string): RequestHandler[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [
    http.all(`${base}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const response = fake.handle({
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(request.headers),
        rawBody: await request.text(),
      });
      if (response.drop) return HttpResponse.error();
      if (response.delayMs) await delay(response.delayMs);
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  ];
}

export { type AfliteFake, type AvantLinkFake, createAfliteFake, createAvantLinkFake };
