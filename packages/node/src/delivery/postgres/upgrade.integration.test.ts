import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import {
  createAs2f74085,
  goalOf2f74085,
  type RecordOf2f74085,
  schemaOf2f74085,
} from '../../../test/fixtures/postgres/schema-2f74085';
import { schemaOfFc82631 } from '../../../test/fixtures/postgres/schema-fc82631';
import { afliteTouch, avantlinkTouch, SECRET, VISITOR_ID } from '../../../test/fixtures/relay';
import { testPool, testSchema } from '../../../test/postgres';
import type { Attribution } from '../../relay/cookie/read-attribution';
import { createRelay, type Relay } from '../../relay/create-relay';
import { avantlinkRecord, record } from '../store-records.contract';
import { createPostgresStore } from './postgres-store';

/*
 * An upgrade from each earlier schema: the tables built as that release built them, deliveries left
 * pending in them, then this release's migrate() and a relay against the testkit's fake AvantLink
 * and fake Aflite on 127.0.0.1. Everything pending is delivered once, nothing already sent is sent
 * again, every old order id answers `duplicate`, and status() counts.
 */

const net = useFakeNetworks();
const relays: Relay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

const minute = 60_000;

/** What 0.0.x left: two orders pending (one after a 503, its lock lapsed), one sent, one without deliveries. */
async function leftBy2f74085(pool: pg.Pool, schema: string): Promise<void> {
  const at = Date.now() - 10 * minute;
  const base = { status: 'pending', attempts: 0, createdAt: at, updatedAt: at, nextAttemptAt: at } as const;
  const avantlink = (orderId: string): RecordOf2f74085 => {
    const { request } = avantlinkRecord(orderId);
    return { ...base, orderId, network: 'avantlink', request: request as unknown as Record<string, unknown> };
  };
  const aflite = (orderId: string) => goalOf2f74085(orderId, base);
  await createAs2f74085(pool, schema, 'old-1', [avantlink('old-1'), aflite('old-1')]);
  await createAs2f74085(pool, schema, 'old-2', [
    {
      ...avantlink('old-2'),
      attempts: 2,
      lockedUntil: Date.now() - minute, // its server died mid-call
      lastError: { name: 'HttpError', message: 'AvantLink tracking/order answered 503', status: 503 },
    },
  ]);
  await createAs2f74085(pool, schema, 'old-3', [{ ...aflite('old-3'), status: 'sent', attempts: 1 }]);
  await createAs2f74085(pool, schema, 'old-4', []);
}

const earlier: { name: string; build: (pool: pg.Pool, schema: string) => Promise<string[]> }[] = [
  {
    name: '0.0.x (2f74085: <table>_orders keyed by order_id)',
    build: async (pool, schema) => {
      await pool.query(schemaOf2f74085(schema));
      await leftBy2f74085(pool, schema);
      return ['old-1', 'old-2', 'old-3', 'old-4'];
    },
  },
  {
    name: "0.0.x's tables after fc82631's migrate() ran over them (the broken upgrade)",
    build: async (pool, schema) => {
      await pool.query(schemaOf2f74085(schema));
      await leftBy2f74085(pool, schema);
      await pool.query(schemaOfFc82631(schema));
      return ['old-1', 'old-2', 'old-3', 'old-4'];
    },
  },
  {
    name: 'fc82631 (<table>_keys, no version recorded)',
    build: async (pool, schema) => {
      await pool.query(schemaOfFc82631(schema));
      const writer = createPostgresStore({ pool, schema }); // the same rows as fc82631's create()
      const at = Date.now() - 10 * minute;
      const times = { createdAt: at, updatedAt: at, nextAttemptAt: at };
      await writer.create([
        avantlinkRecord('old-1', times),
        record('old-1', {
          ...times,
          request: { clickSessionId: 'abc123', goalId: '7', merchantRef: 'old-1', value: 10.99 },
        }),
      ]);
      await writer.create([avantlinkRecord('old-2', { ...times, attempts: 3 })]);
      await writer.create([
        record('old-3', {
          ...times,
          status: 'sent',
          attempts: 1,
          request: { clickSessionId: 'abc123', goalId: '7', merchantRef: 'old-3', value: 10.99 },
        }),
      ]);
      return ['old-1', 'old-2', 'old-3'];
    },
  },
];

describe('upgrading the PostgreSQL store', () => {
  for (const { name, build } of earlier) {
    it(`from ${name}: delivers everything pending once, old order ids answer duplicate, status() counts`, async () => {
      const pool = testPool();
      const schema = testSchema(pool);
      const orderIds = await build(pool, schema);
      const store = createPostgresStore({ pool, schema });
      await store.migrate();
      const relay = createRelay({
        ...fakeNetworksConfig(net),
        cookie: { secret: SECRET },
        attribution: { policy: 'all' }, // both networks credited: both dedupe
        store,
      });
      relays.push(relay);

      expect(await relay.status()).toMatchObject({ store: 'postgres', pending: 3, failed: 0 });
      expect(await relay.flush()).toEqual({ completed: true });
      expect(net.avantlink.orders.map((sent) => sent.order.order_number).sort()).toEqual(['old-1', 'old-2']);
      expect(net.aflite.goals.map((goal) => goal.mref)).toEqual(['old-1']);
      expect(net.aflite.errors).toEqual([]);
      expect(await relay.status()).toMatchObject({ pending: 0, failed: 0 });

      const attribution: Attribution = {
        visitorId: VISITOR_ID,
        touches: [avantlinkTouch(), afliteTouch()],
        source: 'server-cookie',
      };
      for (const orderId of orderIds) {
        const again = await relay.recordConversion({
          order: { orderId, subtotal: 100, currency: 'USD' },
          attribution,
        });
        // `duplicate` for each network the old version recorded the order for, `skipped` for the other;
        // an order whose deliveries are gone (only its key is left) is `duplicate` for both.
        const received = new Set((await store.list('order', orderId)).map((record) => record.network));
        const expected = (network: 'avantlink' | 'aflite') =>
          received.size === 0 || received.has(network)
            ? { status: 'duplicate' }
            : { status: 'skipped', reason: 'recorded-before' };
        expect(again.results, orderId).toEqual({
          avantlink: expected('avantlink'),
          aflite: expected('aflite'),
        });
      }
      // A new order after the upgrade goes through as usual.
      const fresh = await relay.recordConversion({
        order: { orderId: 'new-1', subtotal: 100, currency: 'USD' },
        attribution,
      });
      expect(fresh.results).toEqual({ avantlink: { status: 'sent' }, aflite: { status: 'sent' } });
      await relay.flush();
      expect(net.avantlink.orders).toHaveLength(3);
      expect(net.aflite.goals).toHaveLength(2);
      // Step 3 gave the upgraded tables a place for hand-offs: one made now credits its order.
      const handoff = await relay.createHandoff(attribution);
      const handed = await relay.recordConversion({
        order: { orderId: 'new-2', subtotal: 100, currency: 'USD' },
        handoff,
      });
      expect(handed.results).toEqual({ avantlink: { status: 'sent' }, aflite: { status: 'sent' } });
    });
  }
});
