import {
  type FakeAfliteServer,
  type FakeAvantLinkServer,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  afliteTouch,
  avantlinkTouch,
  beacon,
  collectRequest,
  MERCHANT_ID,
  SECRET,
  VISITOR_ID,
} from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import { createRelay, type Relay } from './create-relay';

/*
 * The relay's sockets to each network, counted at fake networks on real loopback ports: at most
 * `delivery.concurrency` per network for orders, whatever asks (checkouts, the worker), clicks'
 * own beside them (`delivery.clicks.maxConcurrency` at most), and none left after close().
 */

const relays: Relay[] = [];
const fakes: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 500 })));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function fakeNetworks(): Promise<{ avantlink: FakeAvantLinkServer; aflite: FakeAfliteServer }> {
  const avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  const aflite = await startFakeAflite();
  fakes.push(avantlink, aflite);
  return { avantlink, aflite };
}

function relayOf(
  net: { avantlink: FakeAvantLinkServer; aflite: FakeAfliteServer },
  concurrency: number,
  timeoutMs = 1_000,
  clicks: { maxConcurrency?: number } = {},
): Relay {
  const retry = { maxAttempts: 1 };
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: net.avantlink.url, timeoutMs, retry },
    aflite: {
      apiKey: 'test-api-key',
      merchantId: 'test-merchant',
      goalId: '7',
      baseUrl: net.aflite.url,
      timeoutMs,
      retry,
    },
    cookie: { secret: SECRET },
    store: createMemoryStore(),
    delivery: {
      concurrency,
      clicks,
      pollMs: 0,
      baseDelayMs: 60_000,
      checkoutBudgetMs: Math.max(5_000, timeoutMs),
    },
  });
  relays.push(relay);
  return relay;
}

const attributed = (touch: ReturnType<typeof avantlinkTouch>) => ({
  visitorId: VISITOR_ID,
  touches: [touch],
  source: 'server-cookie' as const,
});

function checkout(relay: Relay, orderId: string, touch: ReturnType<typeof avantlinkTouch>) {
  return relay.recordConversion({
    order: { orderId, subtotal: 10, currency: 'USD' },
    attribution: attributed(touch),
  });
}

describe('sockets to the networks', () => {
  it('are at most delivery.concurrency per network while both networks hang', async () => {
    const net = await fakeNetworks();
    for (const fake of [net.avantlink, net.aflite]) {
      fake.setRandomFaults({ rate: 1, faults: [{ type: 'delay', ms: 3_600_000 }] });
    }
    // Budgets and time limits far off: the checkouts wait for sockets until close() cuts them all at
    // once (a time limit each would cut them one by one, and a checkout given a freed socket before its
    // own limit would rightly be sent).
    const relay = relayOf(net, 2, 60_000);
    const orders = Array.from({ length: 6 }, (_, i) => [
      checkout(relay, `al-${i}`, avantlinkTouch()),
      checkout(relay, `af-${i}`, afliteTouch({ clickId: `sess${i}` })),
    ]).flat();
    for (const fake of [net.avantlink, net.aflite]) {
      await vi.waitFor(() => expect(fake.requests).toHaveLength(2), { timeout: 5_000, interval: 10 });
    }
    // Two hang at each fake; the other ten wait for a socket, however long that takes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const fake of [net.avantlink, net.aflite]) {
      expect(fake.requests).toHaveLength(2);
      // `most` counts each connection as it is accepted: a moment over the cap would show.
      expect(fake.connections().most).toBe(2);
    }
    expect(await relay.status()).toMatchObject({ pending: 12, failed: 0 });
    await relay.close({ timeoutMs: 500 });
    for (const { orderId, results } of await Promise.all(orders)) {
      expect(results[orderId.startsWith('al-') ? 'avantlink' : 'aflite']?.status).toBe('pending');
    }
    for (const fake of [net.avantlink, net.aflite]) {
      await vi.waitFor(() => expect(fake.connections().open).toBe(0), { timeout: 1_500, interval: 10 });
      expect(fake.connections().most).toBe(2);
      expect(fake.requests).toHaveLength(2);
    }
  });

  it('leave a checkout its own socket while clicks hang on all of theirs: orders first', async () => {
    const net = await fakeNetworks();
    // The click limit starts at delivery.concurrency (2): the first two calls, clicks, hang.
    net.avantlink.injectFault({ type: 'delay', ms: 3_600_000, times: 2 });
    const relay = relayOf(net, 2, 60_000, { maxConcurrency: 3 });
    for (let i = 0; i < 8; i += 1) {
      const touch = avantlinkTouch({
        clickId: `77_hang${i}`,
        landingUrl: `http://shop.test/?avad=77_hang${i}`,
      });
      const response = await relay.handleCollect(
        collectRequest(beacon([touch], { visitorId: `vis_hang${i}` })),
      );
      expect(response.status).toBe(204);
    }
    await vi.waitFor(() => expect(net.avantlink.requests).toHaveLength(2), { timeout: 5_000, interval: 10 });
    const started = Date.now();
    const { results } = await checkout(relay, 'o-1', avantlinkTouch());
    expect(results.avantlink?.status).toBe('sent');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(net.avantlink.orders).toHaveLength(1);
    // Two clicks hung, one order: nothing else was sent, and no more sockets than asked for.
    expect(net.avantlink.clicks).toHaveLength(2);
    expect(net.avantlink.connections().most).toBe(3);
    expect(await relay.status()).toMatchObject({ pending: 8 });
  });

  it('are all closed by close(), kept-alive ones included', async () => {
    const net = await fakeNetworks();
    const relay = relayOf(net, 4);
    await checkout(relay, 'o-1', avantlinkTouch());
    await checkout(relay, 'o-2', afliteTouch());
    expect(net.avantlink.orders).toHaveLength(1);
    expect(net.aflite.goals).toHaveLength(1);
    // Kept alive for the next call until then.
    expect(net.avantlink.connections().open).toBe(1);
    await relay.close();
    for (const fake of [net.avantlink, net.aflite]) {
      await vi.waitFor(() => expect(fake.connections().open).toBe(0), { timeout: 1_500, interval: 10 });
    }
  });
});
