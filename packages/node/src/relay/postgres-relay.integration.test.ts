import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, SECRET, VISITOR_ID } from '../../test/fixtures/relay';
import { migratedStore, testPool } from '../../test/postgres';
import { createPostgresStore, type PostgresStore } from '../delivery/postgres/postgres-store';
import type { RelayConfig } from './config';
import type { Attribution } from './cookie/read-attribution';
import { createRelay, type Relay } from './create-relay';

/*
 * Two relays, each with its own pool on one database, as two servers of a shop's fleet, against
 * the testkit's fake AvantLink and fake Aflite: what one server recorded, the other delivers.
 */

const net = useFakeNetworks();
const relays: Relay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

/** Two servers sharing one migrated schema, each with its own pool, store and relay. */
async function fleet(configA: Partial<RelayConfig> = {}, configB: Partial<RelayConfig> = {}) {
  const { store: storeA, schema } = await migratedStore();
  const storeB = createPostgresStore({ pool: testPool(), schema });
  const server = (store: PostgresStore, config: Partial<RelayConfig>) => {
    const relay = createRelay({
      ...fakeNetworksConfig(net),
      cookie: { secret: SECRET },
      store,
      ...config,
    });
    relays.push(relay);
    return { relay, store };
  };
  return { a: server(storeA, configA), b: server(storeB, configB) };
}

const order = { orderId: '12345', subtotal: 100, currency: 'USD' };
const attribution = (touch = avantlinkTouch()): Attribution => ({
  visitorId: VISITOR_ID,
  touches: [touch],
  source: 'server-cookie',
});

describe('a fleet of relays on the PostgreSQL store', () => {
  it('AvantLink down at checkout on server A: server B delivers once it is back, and dedupes the order', async () => {
    const { a, b } = await fleet();
    net.avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const first = await a.relay.recordConversion({ order, attribution: attribution() });
    expect(first.results.avantlink).toMatchObject({ status: 'pending', error: { status: 503 } });
    expect(net.avantlink.orders).toEqual([]);
    expect(await b.store.list('order', '12345')).toMatchObject([
      { network: 'avantlink', status: 'pending', attempts: 1 },
    ]);

    expect(await b.relay.flush()).toEqual({ completed: true });
    expect(net.avantlink.orders.map((sent) => sent.order.order_number)).toEqual(['12345']);
    expect(await a.store.list('order', '12345')).toMatchObject([{ status: 'sent', attempts: 2 }]);

    const again = await b.relay.recordConversion({ order, attribution: attribution() });
    expect(again.results).toEqual({
      avantlink: { status: 'duplicate' },
      aflite: { status: 'skipped', reason: 'recorded-before' },
    });
    await a.relay.flush();
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it("Aflite down on server A: server B's redelivery timer sends the goal by itself, once", async () => {
    // Server B alone runs the timer; server A only takes the order.
    const { a } = await fleet({}, { delivery: { pollMs: 20, baseDelayMs: 20, maxDelayMs: 20 } });
    net.aflite.injectFault({ type: 'status', status: 503, times: 1_000 });
    const first = await a.relay.recordConversion({ order, attribution: attribution(afliteTouch()) });
    expect(first.results.aflite?.status).toBe('pending');
    expect(net.aflite.goals).toEqual([]);
    net.aflite.reset(); // Aflite is back
    await vi.waitFor(() => expect(net.aflite.goals).toHaveLength(1), { timeout: 5_000, interval: 20 });
    await vi.waitFor(async () => expect((await a.store.list('order', '12345'))[0]?.status).toBe('sent'));
    expect(net.aflite.goals[0]).toMatchObject({
      mref: '12345',
      clickSessionID: 'abc123',
      goalid: '7',
      value: '100.00',
    });
    expect(net.aflite.errors).toEqual([]);
  });

  it('server A dies after Aflite recorded the goal but before saving it: server B finds the goal, sends nothing', async () => {
    const { a, b } = await fleet();
    const sent = await a.relay.recordConversion({ order, attribution: attribution(afliteTouch()) });
    expect(sent.results.aflite).toEqual({ status: 'sent' });
    // What the store holds when the server died mid-call: pending, the attempt counted, the lock lapsed.
    const [held] = await a.store.list('order', '12345');
    await a.store.update({ ...held!, status: 'pending', attempts: 1, lockedUntil: Date.now() - 1 });

    await b.relay.flush();
    expect(await b.store.list('order', '12345')).toMatchObject([{ status: 'sent', attempts: 2 }]);
    expect(net.aflite.goals).toHaveLength(1);
    expect(net.aflite.errors).toEqual([]);
    expect(net.aflite.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /data/register/goal',
      'POST /data/goals', // the goal feed
    ]);
  });
});
