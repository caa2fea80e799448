import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  beacon,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  SECRET,
  SHOP,
  type TestServer,
} from '../../../test/fixtures/relay';
import type { DeliveryStore } from '../../delivery/contract';
import { createMemoryStore } from '../../delivery/memory-store';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';

/*
 * A store that fails while a click arrives (a full disk, a database down): the beacon is answered
 * 503 with no cookie at all, above all no `ar_ack`, so the browser script keeps it and sends it again;
 * once the store is back the same beacon records the click, sent once.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay;
let server: TestServer;
let failing = false;
const events: RelayEvent[] = [];

function outageStore(): DeliveryStore {
  const store = createMemoryStore();
  const check = () => {
    if (failing) throw new Error('disk I/O error');
  };
  return {
    ...store,
    type: 'custom',
    create: async (records) => {
      check();
      return store.create(records);
    },
    stats: async () => {
      check();
      return store.stats();
    },
  };
}

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
});

beforeEach(async () => {
  failing = false;
  events.length = 0;
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET },
    store: outageStore(),
    delivery: { pollMs: 0 },
    logger: (event) => events.push(event),
  });
  server = await listen(relay.collectListener());
});

afterEach(async () => {
  await relay.close();
  await server.close();
  avantlink.reset();
});

afterAll(async () => {
  await avantlink.close();
});

const post = (body: unknown) =>
  fetch(`${server.url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA, origin: server.url },
    body: JSON.stringify(body),
  });

describe('collect while the store fails', () => {
  it('answers 503 without any cookie, and the resent beacon records the click once the store is back', async () => {
    failing = true;
    const refused = await post(beacon());
    expect(refused.status).toBe(503);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await refused.json()).toEqual({
      error: 'store_unavailable',
      reason: 'The click could not be stored: send the beacon again later',
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'relay-error', operation: 'store.create' }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'collect',
        outcome: 'rejected',
        status: 503,
        error: 'store_unavailable',
      }),
    );
    await relay.flush();
    expect(avantlink.requests).toEqual([]);

    failing = false;
    const accepted = await post(beacon());
    expect(accepted.status).toBe(204);
    expect(accepted.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).toEqual([
      'ar_attr',
      'ar_ack',
    ]);
    await relay.flush();
    expect(avantlink.clicks).toHaveLength(1);
  });

  it('captureFromRequest sets no cookie and says why, and captures once the store is back', async () => {
    const landing = () =>
      new Request(`${SHOP}/products/tent?avad=77_f3afbe121`, { headers: { 'user-agent': BROWSER_UA } });
    failing = true;
    const during = await relay.captureFromRequest(landing());
    expect(during.setCookie).toEqual([]);
    expect(during.added).toEqual([]);
    expect(during.error).toMatchObject({ name: 'StoreError' });
    failing = false;
    const after = await relay.captureFromRequest(landing());
    expect(after.setCookie).toHaveLength(2);
    expect(after.added).toHaveLength(1);
    expect(after.error).toBeUndefined();
    await relay.flush();
    expect(avantlink.clicks).toHaveLength(1);
  });
});
