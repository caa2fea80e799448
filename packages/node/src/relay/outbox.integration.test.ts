import { createServer } from 'node:net';
import { RelayClosedError } from '@affiliate-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import {
  afliteTouch,
  avantlinkTouch,
  beacon,
  collectRequest,
  SECRET,
  VISITOR_ID,
} from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import type { RelayConfig } from './config';
import { createRelay, type Relay } from './create-relay';
import type { RelayEvent } from './events';

/*
 * The outbox seen from the relay, against the testkit's fakes on real ports: clicks go through the
 * store, checkout waits for one attempt at most, flush drains, close stops, status tells.
 */

const net = useFakeNetworks();
const relays: Relay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 1_000 })));
});

function relayWith(config: Partial<RelayConfig> = {}, events: RelayEvent[] = []): Relay {
  const relay = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret: SECRET },
    logger: (event) => events.push(event),
    ...config,
  });
  relays.push(relay);
  return relay;
}

const order = (orderId: string) => ({ orderId, subtotal: 10, currency: 'USD' });
const saved = (touch = avantlinkTouch()) => ({
  visitorId: VISITOR_ID,
  touches: [touch],
  source: 'server-cookie' as const,
});

/** A port on 127.0.0.1 where nothing listens: connections are refused. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('clicks go through the store', () => {
  it('a beacon is answered before AvantLink is called; the worker sends the click, once per click and visitor', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const response = await relay.handleCollect(collectRequest(beacon()));
    expect(response.status).toBe(204);
    expect(await store.list('click', `${VISITOR_ID} 77_f3afbe121`)).toMatchObject([
      { kind: 'click', network: 'avantlink', status: 'pending', attempts: 0 },
    ]);
    expect(await relay.flush()).toEqual({ completed: true });
    expect(net.avantlink.clicks).toHaveLength(1);
    // The same click seen again (no server cookie sent back): recorded once, sent once.
    await relay.handleCollect(collectRequest(beacon()));
    await relay.flush();
    expect(net.avantlink.clicks).toHaveLength(1);
    expect((await store.list('click', `${VISITOR_ID} 77_f3afbe121`))[0]?.status).toBe('sent');
  });

  it('past maxPendingClicks new clicks are dropped with an event and counted; conversions are not', async () => {
    const events: RelayEvent[] = [];
    const relay = relayWith({ delivery: { pollMs: 0, maxPendingClicks: 2 } }, events);
    net.avantlink.injectFault({ type: 'status', status: 503, times: 1_000 });
    for (let i = 0; i < 4; i += 1) {
      const touch = avantlinkTouch({ clickId: `77_click${i}` });
      expect((await relay.handleCollect(collectRequest(beacon([touch])))).status).toBe(204);
    }
    expect(events.filter((e) => e.type === 'click' && e.outcome === 'dropped')).toHaveLength(2);
    const status = await relay.status();
    expect(status).toMatchObject({ pending: 2, droppedClicks: 2 });
    const { results } = await relay.recordConversion({ order: order('o-1'), attribution: saved() });
    expect(results.avantlink?.status).toBe('pending');
    expect((await relay.status()).pending).toBe(3);
  });
});

describe('checkout waits for one attempt at most', () => {
  it('with a network refusing connections, pending at once (one attempt, no retry)', async () => {
    const events: RelayEvent[] = [];
    const config = fakeNetworksConfig(net);
    const relay = relayWith(
      {
        avantlink: {
          ...config.avantlink!,
          baseUrl: await refusingUrl(),
          retry: { maxAttempts: 6, baseDelayMs: 200 },
        },
        delivery: { pollMs: 0, checkoutBudgetMs: 1_000 },
      },
      events,
    );
    const started = performance.now();
    const { results } = await relay.recordConversion({ order: order('o-1'), attribution: saved() });
    const elapsed = performance.now() - started;
    expect(results.avantlink).toMatchObject({
      status: 'pending',
      error: { name: 'NetworkError', sent: false },
    });
    expect(events.filter((e) => e.type === 'request')).toHaveLength(1);
    // The acceptance's bound (budget + 100 ms) with room for a loaded machine: no retry waits ran.
    expect(elapsed).toBeLessThan(1_100);
  });

  it('with a hung network, the attempt is cut at the budget and the conversion is pending in the store', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store, delivery: { pollMs: 0, checkoutBudgetMs: 300 } });
    net.aflite.injectFault({ type: 'delay', ms: 20_000 });
    const started = performance.now();
    const { results } = await relay.recordConversion({
      order: order('o-1'),
      attribution: saved(afliteTouch()),
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    // The goal may have arrived: pending, and the next attempt asks the goal feed first.
    expect(results.aflite).toMatchObject({ status: 'pending', error: { code: 'delivery_ambiguous' } });
    expect(await store.list('order', 'o-1')).toMatchObject([{ status: 'pending', attempts: 1 }]);
  });
});

describe('flush() drains', () => {
  it('5,000 due deliveries: one flush sends all and says completed; with too little time it says false', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store, delivery: { pollMs: 0, concurrency: 8 } });
    const at = Date.now();
    for (let i = 0; i < 5_000; i += 1) {
      await store.create([
        {
          kind: 'order',
          key: `o-${i}`,
          network: 'avantlink',
          status: 'pending',
          attempts: 0,
          createdAt: at,
          updatedAt: at,
          nextAttemptAt: at,
          request: { avad: '77_x', visitorIds: [VISITOR_ID], order: order(`o-${i}`) },
        },
      ]);
    }
    expect(await relay.flush({ timeoutMs: 5 })).toEqual({ completed: false });
    expect(await relay.flush({ timeoutMs: 120_000 })).toEqual({ completed: true });
    expect(net.avantlink.orders).toHaveLength(5_000);
    expect(new Set(net.avantlink.orders.map((sent) => sent.order.order_number)).size).toBe(5_000);
    expect(await relay.status()).toMatchObject({ pending: 0, failed: 0 });
  }, 180_000);
});

describe('close()', () => {
  it('stops taking work at once, and no request reaches a network after it resolves', async () => {
    const relay = relayWith({ delivery: { pollMs: 10, baseDelayMs: 10, maxDelayMs: 10 } });
    // AvantLink answers slowly, so that calls are under way when close() is called.
    for (let i = 0; i < 20; i += 1) net.avantlink.injectFault({ type: 'delay', ms: 400 });
    for (let i = 0; i < 20; i += 1) {
      await relay.handleCollect(collectRequest(beacon([avantlinkTouch({ clickId: `77_close${i}` })])));
    }
    const closing = relay.close({ timeoutMs: 200 });
    const afterClose = await relay.handleCollect(collectRequest(beacon()));
    expect(afterClose.status).toBe(503);
    expect(await afterClose.json()).toMatchObject({ error: 'relay_closed' });
    await expect(
      relay.recordConversion({ order: order('o-1'), attribution: saved() }),
    ).rejects.toBeInstanceOf(RelayClosedError);
    expect(await closing).toEqual({ completed: false });
    const seen = net.avantlink.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(net.avantlink.requests.length).toBe(seen);
    expect(relay.close()).toBe(closing);
  });

  it('sends what is its own and due, then resolves completed', async () => {
    const relay = relayWith({ delivery: { pollMs: 0 } });
    await relay.handleCollect(collectRequest(beacon()));
    expect(await relay.close({ timeoutMs: 5_000 })).toEqual({ completed: true });
    expect(net.avantlink.clicks).toHaveLength(1);
  });
});

describe('status()', () => {
  it('tells the store, what is pending and failed, and the age of the oldest pending delivery', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store, delivery: { pollMs: 0 } });
    expect(await relay.status()).toEqual({
      store: 'memory',
      pending: 0,
      failed: 0,
      droppedClicks: 0,
      mode: 'live',
    });
    net.avantlink.injectFault({ type: 'status', status: 503, times: 1_000 });
    await relay.recordConversion({ order: order('o-1'), attribution: saved() });
    net.aflite.injectFault({ type: 'status', status: 400, body: 'Goal ID is missing' });
    await relay.recordConversion({ order: order('o-2'), attribution: saved(afliteTouch()) });
    const status = await relay.status();
    expect(status).toMatchObject({ store: 'memory', pending: 1, failed: 1, droppedClicks: 0 });
    expect(status.oldestPendingMs).toBeGreaterThanOrEqual(0);
    expect(status.oldestPendingMs).toBeLessThan(60_000);
  });

  it("names the default store 'sqlite', and a store of your own 'custom'", async () => {
    expect((await relayWith().status()).store).toBe('sqlite');
    const { type: _type, ...custom } = createMemoryStore();
    expect((await relayWith({ store: custom }).status()).store).toBe('custom');
  });
});
