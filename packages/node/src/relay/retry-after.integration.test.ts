import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, SECRET } from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import { createRelay, type Relay } from './create-relay';

/*
 * A network that answers 503 with a Retry-After longer than the client waits (maxRetryAfterMs):
 * the server said "not before", so the redelivery must not come sooner either (real HTTP, testkit fakes).
 */

const HOUR_MS = 3_600_000;
const net = useFakeNetworks();
const relays: Relay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 0 })));
});

function relayWith(store = createMemoryStore()) {
  const relay = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret: SECRET },
    store,
  });
  relays.push(relay);
  return relay;
}

describe('Retry-After beyond what the client waits', () => {
  it.each([
    ['avantlink', avantlinkTouch, () => net.avantlink],
    ['aflite', afliteTouch, () => net.aflite],
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
      const answer = { status: 503, retryAfterMs: HOUR_MS };
      expect(results[network]).toMatchObject({
        status: 'pending',
        // The checkout makes one attempt: an Aflite goal that got a 503 may still be recorded, so
        // the error says so, with the answer behind it.
        error: network === 'aflite' ? { code: 'delivery_ambiguous', cause: { failure: answer } } : answer,
      });
      const [record] = await store.list('order', 'o-1');
      expect(record).toMatchObject({ status: 'pending', attempts: 1 });
      expect(record!.nextAttemptAt - before).toBeGreaterThanOrEqual(HOUR_MS);
    },
  );
});
