import { AVANTLINK_LEGACY_API_PATH } from './avantlink-adjustments';
import { createFakeAvantLink, type FakeAvantLink, type FakeAvantLinkOptions } from './avantlink-model';
import { type RunningServer, type ServeOptions, serveFake } from './http-server';

/** Options of {@link startFakeAvantLink}. */
export interface StartFakeAvantLinkOptions extends FakeAvantLinkOptions, ServeOptions {}

/** A fake AvantLink on a real port: give `url` to `AvantLinkClient` as `baseUrl`. */
export interface FakeAvantLinkServer extends FakeAvantLink, RunningServer {
  /** `http://127.0.0.1:PORT/api.php`: the client's `adjustments.url` (the legacy API). */
  legacyApiUrl: string;
}

/**
 * Starts a fake AvantLink on 127.0.0.1 (random port) that records every request and answers as
 * AvantLink documents (see the package README).
 *
 * @example
 * const avantlink = await startFakeAvantLink();
 * const client = new AvantLinkClient({ merchantId, baseUrl: avantlink.url });
 * await client.trackClick({ avad: '77_f3afbe121', userAgent: 'Mozilla/5.0', currentUrl: 'https://shop.test/' });
 * expect(avantlink.clicks).toHaveLength(1);
 * await avantlink.close();
 */
export async function startFakeAvantLink(
  options: StartFakeAvantLinkOptions = {},
): Promise<FakeAvantLinkServer> {
  const fake = createFakeAvantLink(options);
  const server = await serveFake(fake, options);
  return Object.assign(fake, server, { legacyApiUrl: `${server.url}${AVANTLINK_LEGACY_API_PATH}` });
}
