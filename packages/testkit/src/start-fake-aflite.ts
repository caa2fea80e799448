import { createFakeAflite, type FakeAflite, type FakeAfliteOptions } from './aflite-model';
import { type RunningServer, type ServeOptions, serveFake } from './http-server';

/** Options of {@link startFakeAflite}. */
export interface StartFakeAfliteOptions extends FakeAfliteOptions, ServeOptions {}

/** A fake Aflite on a real port: give `url` to `AfliteClient` as `baseUrl`. */
export interface FakeAfliteServer extends FakeAflite, RunningServer {}

/**
 * Starts a fake Aflite on 127.0.0.1 (random port): `register/goal` and the goal feed, GET and
 * POST, Aflite's documented errors and `traceOnly` (see the package README).
 *
 * @example
 * const aflite = await startFakeAflite({ apiKey: 'test-api-key', merchantId: 'test-merchant' });
 * const client = new AfliteClient({ apiKey: 'test-api-key', merchantId: 'test-merchant', baseUrl: aflite.url });
 * await client.registerGoal({ clickSessionId: 'abc123', goalId: '1', merchantRef: 'order-1', value: 10.99 });
 * expect(aflite.goals).toHaveLength(1);
 * await aflite.close();
 */
export async function startFakeAflite(options: StartFakeAfliteOptions = {}): Promise<FakeAfliteServer> {
  const fake = createFakeAflite(options);
  const server = await serveFake(fake, options);
  return Object.assign(fake, server);
}
