import {
  type FakeAflite,
  type FakeAvantLink,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './create-relay';
import { createMemoryStore } from './memory-store';
import { afliteTouch, avantlinkTouch, FAST_RETRY, MERCHANT_ID, SECRET } from './relay.fixture';

/*
 * A network that answers 503 with a Retry-After longer than the client waits (maxRetryAfterMs):
 * the server said "not before", so the redelivery must not come sooner either (real HTTP, testkit fakes).
 */

const HOUR_MS = 3_600_000;
let avantlink: FakeAvantLink;
let aflite: FakeAflite;
const relays: Relay[] = [];

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite();
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 0 })));
  avantlink.reset();
  aflite.reset();
});
afterAll(async () => {
  await avantlink.close();
  await aflite.close();
});

function relayWith(store = createMemoryStore()) {
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    aflite: {
      apiKey: 'test-api-key',
      merchantId: 'test-merchant',
      goalId: '1',
      baseUrl: aflite.url,
      retry: FAST_RETRY,
    },
    cookie: { secret: SECRET },
    store,
    redelivery: { intervalMs: 0 },
  });
  relays.push(relay);
  return relay;
}

describe('Retry-After beyond what the client waits', () => {
  it.each([
    ['avantlink', avantlinkTouch, () => avantlink],
    ['aflite', afliteTouch, () => aflite],
  ] as const)(
    '%s: the redelivery is scheduled no sooner than the Retry-After',
    async (network, touch, fake) => {
      fake().injectFault({ type: 'status', status: 503, retryAfterSeconds: 3_600 });
      const store = createMemoryStore();
      const before = Date.now();
      const { results } = await relayWith(store).recordConversion({
        order: { orderId: 'o-1', subtotal: 10, currency: 'USD' },
        attribution: { touches: [touch()], source: 'server-cookie' },
      });
      expect(results[network]).toMatchObject({
        status: 'queued',
        error: { status: 503, retryAfterMs: HOUR_MS },
      });
      const [record] = await store.list('o-1');
      expect(record).toMatchObject({ status: 'pending', attempts: 1 });
      expect(record!.nextAttemptAt - before).toBeGreaterThanOrEqual(HOUR_MS);
    },
  );
});
