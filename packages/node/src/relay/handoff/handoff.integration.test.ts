import { HandoffError, type Touch } from '@affiliate-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, BROWSER_UA, SECRET, VISITOR_ID } from '../../../test/fixtures/relay';
import type { DeliveryStore } from '../../delivery/contract';
import { createMemoryStore } from '../../delivery/memory-store';
import type { Attribution } from '../cookie/read-attribution';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';
import { HANDOFF_TOKEN_LENGTH } from './handoff-token';

/*
 * createHandoff → the token through a platform field → recordConversion({ handoff }) in a webhook without a
 * cookie, against the testkit's fake networks on loopback.
 */

const net = useFakeNetworks();
const opened: Relay[] = [];
afterEach(async () => {
  for (const relay of opened.splice(0)) await relay.close();
});

function shop(store: DeliveryStore = createMemoryStore(), secret = SECRET) {
  const events: RelayEvent[] = [];
  const relay = createRelay({
    ...fakeNetworksConfig(net),
    cookie: { secret },
    store,
    logger: (event) => events.push(event),
  });
  opened.push(relay);
  return { relay, store, events };
}

const attribution = (touches: Touch[], visitorId = VISITOR_ID): Attribution => ({
  visitorId,
  touches,
  source: 'server-cookie',
  userAgent: BROWSER_UA,
});

const order = (orderId: string) => ({ orderId, subtotal: 80, currency: 'USD' });

// A seeded generator (mulberry32): the same attributions every run, and a failing one can be replayed.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// What the scenario and capture tests throw at a click id: markup, quotes, separators, percent signs, white
// space inside, accents, emoji (a surrogate pair).
const HOSTILE = [
  '<script>alert(1)</script>',
  '"',
  "'",
  ';',
  ',',
  '=',
  '%',
  '%0A',
  ' ',
  '&',
  '?',
  '#',
  '/',
  '\\',
  'é',
  '😀',
  '_',
  '-',
  'a',
  'Z',
  '9',
];

function clickId(next: () => number): string {
  const target = 1 + Math.floor(next() * 512);
  let id = '';
  for (;;) {
    const part = HOSTILE[Math.floor(next() * HOSTILE.length)]!;
    // Within the schema's 512 bytes, percent-encoded.
    if (encodeURIComponent(id + part).length > 512 || (id + part).length > target) break;
    id += part;
  }
  return id.trim() === '' ? `x${id}`.slice(0, 512) : id;
}

describe('relay.createHandoff', () => {
  it('fits 127 characters of [A-Za-z0-9_-] for any attribution: one or two networks, clicks up to 512 bytes, hostile characters', async () => {
    const { relay, store } = shop();
    const next = random(22);
    const lengths = new Set<number>();
    for (let run = 0; run < 300; run += 1) {
      const touches = [avantlinkTouch({ clickId: clickId(next), capturedAt: Date.now() - 60_000 })];
      // The newer click wins (last click): Aflite's, when there are two.
      if (next() < 0.5) touches.push(afliteTouch({ clickId: clickId(next), capturedAt: Date.now() - 1000 }));
      const given = attribution(touches, `vis_${Math.floor(next() * 1e9).toString(36)}`);
      const token = await relay.createHandoff(given);
      expect(token).toMatch(/^[A-Za-z0-9_-]{1,127}$/);
      lengths.add(token.length);
      // The token names the attribution as given, every byte of every click.
      const result = await relay.recordConversion({ order: order(`p-${run}`), handoff: token });
      expect(result.handoffError).toBeUndefined();
      expect(result.decision.winners.map((touch) => touch.clickId)).toEqual([touches.at(-1)!.clickId]);
    }
    expect([...lengths]).toEqual([HANDOFF_TOKEN_LENGTH]);
    expect((await store.stats()).failed).toBe(0);
  });

  it('tells nothing personal: no click id, visitor id or user agent can be read from the token', async () => {
    const { relay } = shop();
    const touch = avantlinkTouch({ clickId: 'secret-click-77' });
    const token = await relay.createHandoff(attribution([touch]));
    const decoded = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('latin1');
    for (const text of [token, decoded, token.toLowerCase()]) {
      for (const personal of ['secret-click-77', VISITOR_ID, 'Mozilla', 'avantlink'])
        expect(text).not.toContain(personal);
    }
  });

  it('reads the attribution from the request’s cookies, and gives a visitor without a click a token too (nothing stored)', async () => {
    const { relay } = shop();
    const token = await relay.createHandoff(new Request('https://shop.test/cart'));
    expect(token).toHaveLength(HANDOFF_TOKEN_LENGTH);
    const result = await relay.recordConversion({ order: order('n-1'), handoff: token });
    expect(result.results).toEqual({
      avantlink: { status: 'skipped', reason: 'no-attribution' },
      aflite: { status: 'skipped', reason: 'no-attribution' },
    });
  });

  it('refuses unknown options and bad expiries, and a store that keeps no hand-offs', async () => {
    const { relay } = shop();
    await expect(relay.createHandoff(attribution([]), { ttl: 5 } as never)).rejects.toThrow(/ttl/);
    await expect(relay.createHandoff(attribution([]), { expiresInDays: 0 })).rejects.toThrow(/expiresInDays/);
    const bare = createMemoryStore();
    delete bare.saveHandoff;
    await expect(shop(bare).relay.createHandoff(attribution([avantlinkTouch()]))).rejects.toMatchObject({
      name: 'StoreError',
    });
  });
});

describe('recordConversion({ order, handoff })', () => {
  it('credits the network that earned it, once, in a webhook with no cookie', async () => {
    const { relay } = shop();
    const token = await relay.createHandoff(
      attribution([afliteTouch({ capturedAt: Date.now() - 120_000 }), avantlinkTouch()]),
    );
    const first = await relay.recordConversion({ order: order('w-1'), handoff: token });
    expect(first.results).toEqual({
      avantlink: { status: 'sent' },
      aflite: { status: 'skipped', reason: 'not-selected' },
    });
    // The platform retries its webhook: the same order is a duplicate, nothing is sent again.
    const again = await relay.recordConversion({ order: order('w-1'), handoff: token });
    expect(again.results.avantlink).toEqual({ status: 'duplicate' });
    expect(net.avantlink.requests.filter((request) => request.path.includes('order'))).toHaveLength(1);
    expect(net.aflite.requests).toHaveLength(0);
  });

  it('a missing hand-off skips every network with handoff-missing, and never throws', async () => {
    const { relay } = shop();
    for (const handoff of [null, undefined, '', { token: null }]) {
      const result = await relay.recordConversion({ order: order('m-1'), handoff });
      expect(result.results).toEqual({
        avantlink: { status: 'skipped', reason: 'handoff-missing' },
        aflite: { status: 'skipped', reason: 'handoff-missing' },
      });
    }
  });

  it('1,000 edited, forged, expired, unknown and replayed-for-another-visitor tokens: 0 credited, each refusal typed', async () => {
    const { relay, store, events } = shop();
    const { relay: other } = shop(createMemoryStore(), 'another-shops-secret-of-32-characters');
    const { relay: elsewhere } = shop();
    const genuine = await relay.createHandoff(attribution([avantlinkTouch()]));
    const expiring = await relay.createHandoff(attribution([avantlinkTouch()]), {
      expiresInDays: 1 / 86_400,
    });
    const next = random(1000);
    const tokens: { handoff: string | { token: string; visitorId: string }; reason: string }[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const kind = index % 5;
      if (kind === 0) {
        // One character changed somewhere.
        const at = Math.floor(next() * genuine.length);
        // The expiry (characters 25 to 31) is base36 in lower case: an edit there keeps that shape.
        const [one, two] = at >= 25 && at < 32 ? ['q', 'r'] : ['Q', 'R'];
        const swap = genuine[at] === one ? two : one;
        const edited = genuine.slice(0, at) + swap + genuine.slice(at + 1);
        tokens.push({ handoff: edited, reason: at < 3 ? 'malformed' : 'edited' });
      } else if (kind === 1) {
        tokens.push({
          handoff: await other.createHandoff(attribution([avantlinkTouch()])),
          reason: 'forged',
        });
      } else if (kind === 2) {
        tokens.push({ handoff: expiring, reason: 'expired' });
      } else if (kind === 3) {
        // Genuine, from a relay with the same secret and another store.
        tokens.push({
          handoff: await elsewhere.createHandoff(attribution([avantlinkTouch()])),
          reason: 'unknown',
        });
      } else {
        tokens.push({ handoff: { token: genuine, visitorId: `vis_other${index}` }, reason: 'other-visitor' });
      }
    }
    // Its expiry is rounded up to a whole second: past it for sure after 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const reasons = new Map<string, number>();
    for (const [index, { handoff, reason }] of tokens.entries()) {
      const result = await relay.recordConversion({ order: order(`f-${index}`), handoff });
      const expected = `handoff-${reason}`;
      expect(result.results).toEqual({
        avantlink: { status: 'skipped', reason: expected },
        aflite: { status: 'skipped', reason: expected },
      });
      expect(result.handoffError).toBeInstanceOf(HandoffError);
      expect(result.handoffError?.reason).toBe(reason);
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    expect(Object.fromEntries(reasons)).toMatchObject({
      forged: 200,
      expired: 200,
      unknown: 200,
      'other-visitor': 200,
    });
    expect((reasons.get('edited') ?? 0) + (reasons.get('malformed') ?? 0)).toBe(200);
    // Nothing was recorded or sent for any of them.
    for (let index = 0; index < 1000; index += 1) expect(await store.list('order', `f-${index}`)).toEqual([]);
    expect(net.avantlink.requests.filter((request) => request.path.includes('order'))).toHaveLength(0);
    expect(net.aflite.requests).toHaveLength(0);
    expect(
      events.filter((event) => event.type === 'warning' && event.code === 'handoff-refused'),
    ).toHaveLength(1000);
    // The genuine token, for the right visitor, still credits: the refusals above were the tokens', not the relay's.
    const control = await relay.recordConversion({
      order: order('f-ok'),
      handoff: { token: genuine, visitorId: VISITOR_ID },
    });
    expect(control.results.avantlink).toEqual({ status: 'sent' });
  }, 60_000);
});

describe('relay.handleHandoff', () => {
  it('answers a POST from its own site with a hand-off, never cached, that credits the visitor’s click', async () => {
    const { relay } = shop();
    // A cookie as the collect endpoint sets it.
    const landing = await relay.captureFromRequest(
      new Request('https://shop.test/products/tent?avad=77_f3afbe121', {
        headers: { 'user-agent': BROWSER_UA },
      }),
    );
    const cookie = landing.setCookie.map((header) => header.split(';')[0]).join('; ');
    const response = await relay.handleHandoff(
      new Request('https://shop.test/affiliate-relay/handoff', {
        method: 'POST',
        headers: { cookie, origin: 'https://shop.test', 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { handoff } = (await response.json()) as { handoff: string };
    expect(handoff).toHaveLength(HANDOFF_TOKEN_LENGTH);
    const result = await relay.recordConversion({ order: order('e-1'), handoff });
    expect(result.results.avantlink).toEqual({ status: 'sent' });
  });

  it('refuses another site (403) and another method (405), with a reason', async () => {
    const { relay } = shop();
    const cross = await relay.handleHandoff(
      new Request('https://shop.test/affiliate-relay/handoff', {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      }),
    );
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ error: 'cross_site' });
    const get = await relay.handleHandoff(new Request('https://shop.test/affiliate-relay/handoff'));
    expect(get.status).toBe(405);
  });
});
