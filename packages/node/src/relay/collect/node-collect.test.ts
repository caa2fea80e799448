import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  avantlinkTouch,
  BROWSER_UA,
  beacon,
  listen,
  MERCHANT_ID,
  SECRET,
  type TestServer,
} from '../../../test/fixtures/relay';
import { webListener } from '../../../test/fixtures/web-listener';
import { createMemoryStore } from '../../delivery/memory-store';
import { createRelay, type Relay } from '../create-relay';
import type { CollectContext } from './collect';

/*
 * `relay.collectListener()` serves the collect endpoint on its Node path (no Web Request). It must answer
 * exactly as the Web handler `relay.handleCollect` does: each request below is sent to both, and the answers
 * compared.
 */

const servers: TestServer[] = [];
const relays: Relay[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

function relayForTest(): Relay {
  const relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: 'http://127.0.0.1:9' },
    cookie: { secret: SECRET },
    allowedOrigins: ['https://partner.example'],
    store: createMemoryStore(),
    delivery: { pollMs: 0 },
  });
  relays.push(relay);
  return relay;
}

async function answer(server: TestServer, init: RequestInit & { path?: string }) {
  const response = await fetch(`${server.url}${init.path ?? '/affiliate-relay/collect'}`, init);
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
  );
  const setCookies = response.headers.getSetCookie().map((cookie) => cookie.split('=')[0]);
  return { status: response.status, headers, setCookies, body: await response.text() };
}

const text = { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA };
const REQUESTS: (RequestInit & { path?: string })[] = [
  { method: 'POST', headers: text, body: JSON.stringify(beacon()) },
  { method: 'POST', headers: { ...text, origin: 'https://partner.example' }, body: JSON.stringify(beacon()) },
  { method: 'OPTIONS', headers: { origin: 'https://partner.example' } },
  { method: 'POST', headers: { ...text, origin: 'https://evil.example' }, body: JSON.stringify(beacon()) },
  { method: 'GET' },
  { method: 'PUT', headers: text, body: '{}' },
  { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
  { method: 'POST', headers: text, body: 'not json' },
  { method: 'POST', headers: text, body: JSON.stringify(beacon(undefined, { visitorId: 'x' })) },
  { method: 'POST', headers: text, body: 'x'.repeat(9_000) },
  { method: 'POST', headers: text, body: JSON.stringify(beacon([avantlinkTouch({ clickId: 'other_1' })])) },
];

describe('the collect endpoint behind relay.collectListener()', () => {
  it('never builds a Web Request: its Node path reads the IncomingMessage itself', async () => {
    const relay = relayForTest();
    const built = vi.spyOn(globalThis, 'Request');
    const listener = relay.collectListener();
    // Counted from the request's arrival to the end of its answer, while the test's fetch only waits.
    let builtWhileServing = -1;
    const server = await listen(async (req, res) => {
      const before = built.mock.calls.length;
      await listener(req, res);
      builtWhileServing = built.mock.calls.length - before;
    });
    servers.push(server);
    try {
      const accepted = await answer(server, REQUESTS[0]!);
      expect(accepted.status).toBe(204);
      expect(accepted.setCookies).toEqual(['ar_attr', 'ar_ack']);
      expect(builtWhileServing).toBe(0);
    } finally {
      built.mockRestore();
    }
  });

  it('answers every request exactly as the Web handler does', async () => {
    const relay = relayForTest();
    const seen: CollectContext[] = [];
    const context = () => ({ userId: 'user-1' });
    const node = await listen(relay.collectListener({ context }));
    const web = await listen(
      webListener((request, collectContext) => {
        seen.push(collectContext);
        return relay.handleCollect(request, collectContext);
      }, context),
    );
    servers.push(node, web);
    for (const init of REQUESTS) {
      const [fromNode, fromWeb] = [await answer(node, init), await answer(web, init)];
      expect(fromNode, `${init.method} ${String(init.body).slice(0, 40)}`).toEqual(fromWeb);
    }
    expect(seen[0]).toMatchObject({ userId: 'user-1', remoteAddress: '127.0.0.1' });
  });
});
