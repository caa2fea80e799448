import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../test/fixtures/fake-networks';
import {
  afliteTouch,
  avantlinkTouch,
  beacon,
  collectRequest,
  SECRET,
  VISITOR_ID,
} from '../../test/fixtures/relay';
import type { DeliveryStore } from '../delivery/contract';
import { createMemoryStore } from '../delivery/memory-store';
import { createSqliteStore } from '../delivery/sqlite/store';
import type { RelayConfig } from './config';
import { createRelay, type Relay } from './create-relay';
import type { RelayEvent } from './events';
import { TEST_MODE_ENV } from './test-mode';

/*
 * Test mode against the testkit's fakes on real ports: Aflite gets only traceOnly=1 goals, AvantLink
 * nothing (unless testLink), every record is marked test, status() and one warning say so, and a relay
 * started later in live mode on the same store never sends what test mode recorded.
 */

const net = useFakeNetworks();
const relays: Relay[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 1_000 })));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  delete process.env[TEST_MODE_ENV];
});

function relayWith(config: Partial<RelayConfig>, events: RelayEvent[] = []): Relay {
  const relay = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret: SECRET },
    logger: (event) => events.push(event),
    ...config,
  });
  relays.push(relay);
  return relay;
}

const both = (orderId: string) => ({
  order: { orderId, subtotal: 25, currency: 'USD' },
  attribution: {
    visitorId: VISITOR_ID,
    touches: [avantlinkTouch(), afliteTouch()],
    source: 'server-cookie' as const,
  },
});

// A delivery that fails waits 300 ms before its next attempt: what a relay leaves pending is due again soon.
const SLOW_RETRY = { pollMs: 0, baseDelayMs: 300, maxDelayMs: 300, checkoutBudgetMs: 5_000 };

const goalRequests = () => net.aflite.requests.filter((request) => request.path.endsWith('/register/goal'));

describe('test mode', () => {
  it('sends Aflite only traceOnly=1 goals and AvantLink nothing; records, result and status() say test; one warning', async () => {
    const events: RelayEvent[] = [];
    const store = createMemoryStore();
    const relay = relayWith({ testMode: true, store, attribution: { policy: 'all' } }, events);
    const warnings = events.filter((event) => event.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'test-mode' });
    expect((warnings[0] as { message: string }).message).toContain('traceOnly=1');
    expect((warnings[0] as { message: string }).message).toContain('AvantLink: nothing is sent');

    // A landing beacon: the AvantLink click is recorded as a test and never reaches AvantLink.
    expect((await relay.handleCollect(collectRequest(beacon()))).status).toBe(204);
    const result = await relay.recordConversion(both('T-1'));
    await relay.flush();
    expect(result.test).toBe(true);
    expect(result.results.aflite).toEqual({ status: 'sent' });
    expect(result.results.avantlink).toMatchObject({ status: 'failed' });
    expect(String((result.results.avantlink as { error: Error }).error.message)).toContain(
      'AvantLink documents no test flag',
    );

    expect(net.avantlink.requests).toEqual([]);
    expect(net.avantlink.orders).toEqual([]);
    expect(goalRequests()).toHaveLength(1);
    for (const request of goalRequests()) expect(request.body).toMatchObject({ traceOnly: '1' });
    expect(net.aflite.goals).toEqual([]);
    expect(net.aflite.traces).toHaveLength(1);

    const records = [
      ...(await store.list('order', 'T-1')),
      ...(await store.list('click', `${VISITOR_ID} 77_f3afbe121`)),
    ];
    expect(records).toHaveLength(3);
    for (const record of records) expect(record.test).toBe(true);
    expect(await relay.status()).toMatchObject({ mode: 'test' });
    // The explanation says test too, for the person asking why no commission shows.
    const explanation = await relay.explainOrder('T-1');
    expect(explanation).toMatchObject({ found: true, test: true });
    expect(explanation.hint).toMatch(/^test: /);
    // Only once per relay, not per delivery.
    expect(events.filter((event) => event.type === 'warning')).toHaveLength(1);
  });

  it('avantlink.testLink opts in to the test-link procedure: AvantLink gets the click and the order', async () => {
    const config = fakeNetworksConfig(net);
    const relay = relayWith({
      ...config,
      avantlink: { ...config.avantlink!, testLink: true },
      testMode: true,
    });
    await relay.handleCollect(collectRequest(beacon()));
    const result = await relay.recordConversion({
      order: { orderId: 'T-2', subtotal: 25, currency: 'USD' },
      attribution: { visitorId: VISITOR_ID, touches: [avantlinkTouch()], source: 'server-cookie' },
    });
    await relay.flush();
    expect(result.results.avantlink).toEqual({ status: 'sent' });
    expect(net.avantlink.orders).toHaveLength(1);
    expect(net.avantlink.clicks).toHaveLength(1);
  });

  it(`${TEST_MODE_ENV}=1 turns it on; the option wins over it; another value is a ConfigError`, async () => {
    process.env[TEST_MODE_ENV] = '1';
    expect(await relayWith({ store: createMemoryStore() }).status()).toMatchObject({ mode: 'test' });
    expect(await relayWith({ store: createMemoryStore(), testMode: false }).status()).toMatchObject({
      mode: 'live',
    });
    process.env[TEST_MODE_ENV] = 'yes';
    expect(() => relayWith({ store: createMemoryStore() })).toThrow(
      `${TEST_MODE_ENV} must be 1 or true (test mode), 0, false or empty (live)`,
    );
    delete process.env[TEST_MODE_ENV];
    expect(() => relayWith({ store: createMemoryStore(), testMode: 'on' as unknown as boolean })).toThrow(
      'testMode must be true or false',
    );
    const config = fakeNetworksConfig(net);
    expect(() =>
      relayWith({ avantlink: { ...config.avantlink!, testLink: 1 as unknown as boolean }, testMode: true }),
    ).toThrow('avantlink.testLink must be true or false');
  });
});

describe('switching test mode off does not send what test mode recorded', () => {
  const stores: { name: string; open: () => { store: DeliveryStore; reopen: () => DeliveryStore } }[] = [
    {
      name: 'memory',
      open: () => {
        const store = createMemoryStore();
        return { store, reopen: () => store };
      },
    },
    {
      name: 'sqlite',
      open: () => {
        const dir = mkdtempSync(join(process.cwd(), '.tmp-relay-test-mode-'));
        dirs.push(dir);
        const path = join(dir, 'deliveries.db');
        return { store: createSqliteStore({ path }), reopen: () => createSqliteStore({ path }) };
      },
    },
  ];

  for (const { name, open } of stores) {
    it(`${name}: test records left pending are not sent by a live relay; a live order still is`, async () => {
      const { store, reopen } = open();
      // Both networks down during the test run: everything test mode recorded is left pending.
      net.aflite.injectFault({ type: 'status', status: 503, times: 1_000 });
      const testing = relayWith({
        testMode: true,
        store,
        attribution: { policy: 'all' },
        delivery: SLOW_RETRY,
      });
      await testing.handleCollect(collectRequest(beacon([avantlinkTouch(), afliteTouch()])));
      const pending = await testing.recordConversion(both('T-3'));
      expect(pending.results.aflite).toMatchObject({ status: 'pending' });
      await testing.close({ timeoutMs: 100 });
      await store.close?.();
      net.aflite.reset();
      net.avantlink.reset();

      const liveStore = reopen();
      const live = relayWith({ store: liveStore, attribution: { policy: 'all' } });
      expect(await live.status()).toMatchObject({ mode: 'live' });
      // Once the test deliveries are due again, the live relay takes them, and sends nothing.
      await vi.waitFor(
        async () => {
          await live.flush();
          expect(await live.status()).toMatchObject({ pending: 0 });
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(net.aflite.requests).toEqual([]);
      expect(net.avantlink.requests).toEqual([]);
      const [aflite] = (await liveStore.list('order', 'T-3')).filter((record) => record.network === 'aflite');
      expect(aflite).toMatchObject({ status: 'failed', test: true });
      const [click] = await liveStore.list('click', `${VISITOR_ID} 77_f3afbe121`);
      expect(click).toMatchObject({ status: 'failed', test: true });
      expect(aflite?.lastError?.message).toContain(
        'Recorded in test mode: a relay in live mode never sends it',
      );

      // The live relay still sends its own orders.
      const real = await live.recordConversion(both('L-1'));
      expect(real.results).toEqual({ avantlink: { status: 'sent' }, aflite: { status: 'sent' } });
      expect(real.test).toBeUndefined();
      expect(net.aflite.goals).toHaveLength(1);
      expect(net.aflite.goals[0]).toMatchObject({ mref: 'L-1' });
      expect(net.avantlink.orders).toHaveLength(1);
      await live.close({ timeoutMs: 1_000 });
      await liveStore.close?.();
    });
  }

  it('a relay in test mode leaves a live delivery pending for a live relay', async () => {
    const store = createMemoryStore();
    net.aflite.injectFault({ type: 'status', status: 503, times: 1_000 });
    const live = relayWith({ store, delivery: SLOW_RETRY });
    const result = await live.recordConversion({
      order: { orderId: 'L-2', subtotal: 5, currency: 'USD' },
      attribution: { visitorId: VISITOR_ID, touches: [afliteTouch()], source: 'server-cookie' },
    });
    expect(result.results.aflite).toMatchObject({ status: 'pending' });
    await live.close({ timeoutMs: 100 });
    net.aflite.reset();
    const before = (await store.list('order', 'L-2'))[0]!;
    const testing = relayWith({ store, testMode: true });
    await vi.waitFor(
      async () => {
        await testing.flush();
        expect((await store.list('order', 'L-2'))[0]?.lastError?.message).toContain(
          'this relay is in test mode',
        );
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(net.aflite.requests).toEqual([]);
    const [record] = await store.list('order', 'L-2');
    // Not an attempt of its own: nothing was sent, and it is not worn down toward maxAttempts.
    expect(record).toMatchObject({ status: 'pending', attempts: before.attempts });
    expect(record?.test).toBeUndefined();
    expect(record!.nextAttemptAt).toBeGreaterThan(Date.now() + 30_000);
  });
});
