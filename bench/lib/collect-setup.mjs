// A relay as a shop would configure it for the collect endpoint, and the request a browser sends to
// it: a valid beacon and a signed server cookie. `fresh: false` beacons the click the cookie already
// holds (nothing new: no click call); `fresh: true` beacons a newer click than the cookie's, so every
// request carries a click the cookie does not hold (the same click each time: after the first, the store
// finds its key and writes nothing). `distinctClickBody` gives a load whose every click is new to the store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AVANTLINK_MERCHANT_ID, BROWSER_UA, COOKIE_SECRET, VISITOR_ID } from './constants.mjs';
import { node } from './node-entry.mjs';

const SHOP = 'http://127.0.0.1';

/**
 * A relay for AvantLink (at `avantlinkUrl`) with the default kind of store, a SQLite file (in a fresh
 * temporary directory), or memory with `store: 'memory'`.
 */
export function benchRelay(avantlinkUrl, { store = 'sqlite' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ar-bench-'));
  return node.createRelay({
    avantlink: { merchantId: AVANTLINK_MERCHANT_ID, baseUrl: avantlinkUrl },
    cookie: { secret: COOKIE_SECRET, secure: false },
    store:
      store === 'memory'
        ? node.createMemoryStore()
        : node.createSqliteStore({ path: join(dir, 'deliveries.db') }),
  });
}

function touch(clickId, ageMs) {
  return {
    network: 'avantlink',
    clickId,
    capturedAt: Date.now() - ageMs,
    landingUrl: `${SHOP}/products/tent?avad=${clickId}`,
  };
}

/**
 * The body of the `n`th beacon of a load where every request brings a click never seen before (its own click
 * id): the relay writes each to the store, and its worker sends each to the fake AvantLink.
 */
export function distinctClickBody(n) {
  return beaconText([touch(`99_${n.toString(36)}d`, 60_000)]);
}

function beaconText(touches) {
  return JSON.stringify({
    touches,
    visitorId: VISITOR_ID,
    pageUrl: touches[0].landingUrl,
    referrer: 'https://blog.example/best-tents',
  });
}

/**
 * The body and headers of a collect request, with the server cookie `relay` signed for the older
 * click. Calls `relay.handleCollect` once to get that cookie (one click call, before any timing).
 */
export async function collectRequestParts(relay, { fresh }) {
  const old = touch('77_f3afbe121', 120_000);
  const priming = await relay.handleCollect(
    new Request(`${SHOP}/affiliate-relay/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': BROWSER_UA },
      body: beaconText([old]),
    }),
  );
  const setCookie = priming.headers.getSetCookie()[0];
  if (priming.status !== 204 || !setCookie) throw new Error(`priming answered ${priming.status}`);
  const cookie = setCookie.split(';')[0];
  const body = beaconText([fresh ? touch('88_a1b2c3d4e', 60_000) : old]);
  return {
    body,
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': BROWSER_UA,
      cookie: `_ga=GA1.1.123456789.1700000000; ${cookie}`,
      referer: `${SHOP}/products/tent`,
    },
  };
}
