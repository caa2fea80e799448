import {
  type FakeAflite,
  type FakeAvantLink,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { migratedStore, testPool } from '../../test/postgres';
import type { Attribution } from './attribution';
import type { RelayConfig } from './config';
import { createRelay, type Relay } from './create-relay';
import { createPostgresStore, type PostgresStore } from './postgres-store';
import { afliteTouch, avantlinkTouch, FAST_RETRY, MERCHANT_ID, SECRET, VISITOR_ID } from './relay.fixture';

/*
 * Two relays, each with its own pool on one database, as two servers of a shop's fleet, against
 * the testkit's fake AvantLink and fake Aflite: what one server queued, the other delivers.
 */

let avantlink: FakeAvantLink;
let aflite: FakeAflite;
const relays: Relay[] = [];

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  aflite = await startFakeAflite();
});

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
  avantlink.reset();
  aflite.reset();
});

afterAll(async () => {
  await avantlink.close();
  await aflite.close();
});

/** Two servers sharing one migrated schema, each with its own pool, store and relay. */
async function fleet(configA: Partial<RelayConfig> = {}, configB: Partial<RelayConfig> = {}) {
  const { store: storeA, schema } = await migratedStore();
  const storeB = createPostgresStore({ pool: testPool(), schema });
  const server = (store: PostgresStore, config: Partial<RelayConfig>) => {
    const relay = createRelay({
      avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
      aflite: {
        apiKey: 'test-api-key',
        merchantId: 'test-merchant',
        goalId: '7',
        baseUrl: aflite.url,
        retry: FAST_RETRY,
      },
      cookie: { secret: SECRET },
      redelivery: { intervalMs: 0 },
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
    avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const queued = await a.relay.recordConversion({ order, attribution: attribution() });
    expect(queued.results.avantlink).toMatchObject({ status: 'queued', error: { status: 503 } });
    expect(avantlink.orders).toEqual([]);
    expect(await b.store.list('12345')).toMatchObject([
      { network: 'avantlink', status: 'pending', attempts: 1 },
    ]);

    expect(await b.relay.flush()).toEqual({ completed: true });
    expect(avantlink.orders.map((sent) => sent.order.order_number)).toEqual(['12345']);
    expect(await a.store.list('12345')).toMatchObject([{ status: 'sent', attempts: 2 }]);

    const again = await b.relay.recordConversion({ order, attribution: attribution() });
    expect(again.results).toEqual({ avantlink: { status: 'duplicate' }, aflite: { status: 'duplicate' } });
    await a.relay.flush();
    expect(avantlink.orders).toHaveLength(1);
  });

  it("Aflite down on server A: server B's redelivery timer sends the goal by itself, once", async () => {
    // Server B alone runs the timer; server A only takes the order.
    const { a } = await fleet({}, { redelivery: { intervalMs: 20, maxDelayMs: 20 } });
    aflite.injectFault({ type: 'status', status: 503, times: 1_000 });
    const queued = await a.relay.recordConversion({ order, attribution: attribution(afliteTouch()) });
    expect(queued.results.aflite?.status).toBe('queued');
    expect(aflite.goals).toEqual([]);
    aflite.reset(); // Aflite is back
    await vi.waitFor(() => expect(aflite.goals).toHaveLength(1), { timeout: 5_000, interval: 20 });
    await vi.waitFor(async () => expect((await a.store.list('12345'))[0]?.status).toBe('sent'));
    expect(aflite.goals[0]).toMatchObject({
      mref: '12345',
      clickSessionID: 'abc123',
      goalid: '7',
      value: '100.00',
    });
    expect(aflite.errors).toEqual([]);
  });

  it('server A dies after Aflite recorded the goal but before saving it: server B finds the goal, sends nothing', async () => {
    const { a, b } = await fleet();
    const sent = await a.relay.recordConversion({ order, attribution: attribution(afliteTouch()) });
    expect(sent.results.aflite).toEqual({ status: 'sent' });
    // What the store holds when the server died mid-call: pending, its lock lapsed.
    const [held] = await a.store.list('12345');
    await a.store.update({ ...held!, status: 'pending', attempts: 0, lockedUntil: Date.now() - 1 });

    await b.relay.flush();
    expect(await b.store.list('12345')).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.errors).toEqual([]);
    expect(aflite.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /data/register/goal',
      'POST /data/goals', // the goal feed
    ]);
  });
});
