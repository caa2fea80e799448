import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useFakeNetworks } from '../../test/fixtures/fake-networks';
import {
  avantlinkTouch,
  BROWSER_UA,
  beacon,
  collectRequest,
  cookieHeaderFrom,
  MERCHANT_ID,
  SECRET,
  SHOP,
} from '../../test/fixtures/relay';
import { startLedger } from '../../test/networks/ledger/fake';
import { LEDGER_CLICK_PARAM, ledgerNetwork } from '../../test/networks/ledger/network';
import { createMemoryStore } from '../delivery/memory-store';
import { type Relay, relayFrom } from './create-relay';
import { resolveRelayConfig } from './resolve-config';

/*
 * A network defined in a test, in one folder (test/networks/ledger/), under an id of its own (`ledger`, which core
 * does not know), goes through collect → conversion → delivery → reversal beside AvantLink with no file of the
 * packages changed: the relay and the outbox know it only through its NetworkDefinition, and core's cookies,
 * merge and attribution take any network id. Its clicks are captured on the server, by its own rule
 * (`captureClick`); the fakes count what each network received.
 */
describe('the network contract: a network of its own, under its own id, through every step', () => {
  const fakes = useFakeNetworks();
  let ledger: Awaited<ReturnType<typeof startLedger>>;
  let relay: Relay;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(() => ledger.close());
  afterEach(async () => {
    await relay?.close();
    ledger.calls.length = 0;
    ledger.sales.clear();
  });

  function ledgerRelay(): Relay {
    const resolved = resolveRelayConfig({
      avantlink: { merchantId: MERCHANT_ID, baseUrl: fakes.avantlink.url },
      cookie: { secret: SECRET, secure: false },
      store: createMemoryStore(),
      delivery: { pollMs: 0, baseDelayMs: 0, checkoutBudgetMs: 5_000 },
    });
    // Registered as createRelay's config registers the built-in ones.
    resolved.networks.push(ledgerNetwork(ledger.url));
    relay = relayFrom(resolved);
    return relay;
  }

  const received = (path: string) => ledger.calls.filter((call) => call.path === path);
  const landing = (query: string) =>
    new Request(`${SHOP}/tent?${query}`, { headers: { 'user-agent': BROWSER_UA } });

  it('captures its click on the server, credits its sale once through a failure, and sends its reversal', async () => {
    const relay = ledgerRelay();
    // collect: a server-rendered landing with Ledger's parameter, captured by its rule.
    const captured = await relay.captureFromRequest(landing(`${LEDGER_CLICK_PARAM}=L-77`));
    expect(captured.added.map((touch) => [touch.network, touch.clickId])).toEqual([['ledger', 'L-77']]);
    expect(captured.attribution.touches).toMatchObject([{ network: 'ledger', clickId: 'L-77' }]);
    // The signed cookie writes it by its id, and ar_ack acknowledges it.
    expect(captured.setCookie[0]).toMatch(/\|ledger:L-77:[0-9a-z]+/);
    expect(captured.setCookie[1]).toMatch(/^ar_ack=ledger:[0-9a-z]+;/);
    await relay.flush();
    expect(received('/clicks').map((call) => call.body)).toEqual([
      { click: 'L-77', visitor: expect.any(String), url: `${SHOP}/tent?${LEDGER_CLICK_PARAM}=L-77` },
    ]);
    // The same landing again (a reload) is no new click.
    const cookie = cookieHeaderFrom(captured.setCookie);
    const again = new Request(landing(`${LEDGER_CLICK_PARAM}=L-77`), { headers: { cookie } });
    expect((await relay.captureFromRequest(again)).added).toEqual([]);

    // conversion: the sale is recorded by Ledger but its answer is a 503; the retry asks Ledger first (confirm).
    ledger.failNext(1);
    const order = { orderId: 'L-1', subtotal: 80, currency: 'GBP' };
    const request = new Request(`${SHOP}/checkout`, { method: 'POST', headers: { cookie } });
    const conversion = await relay.recordConversion({ order, request });
    expect(conversion.decision.winners.map((winner) => winner.network)).toEqual(['ledger']);
    expect(conversion.decision.explanation).toMatch(/ledger click L-77/);
    expect(conversion.results.ledger).toMatchObject({ status: 'pending' });
    expect(conversion.results.avantlink).toEqual({ status: 'skipped', reason: 'no-touch' });
    // delivery: the worker's retry finds it at Ledger and does not send it again.
    await relay.flush();
    expect(ledger.sales.get('L-1')).toEqual({ ref: 'L-1', amount: 80, click: 'L-77' });
    expect(received('/sales')).toHaveLength(1);
    expect(received('/sales/L-1')).toHaveLength(1);
    expect(await relay.status()).toMatchObject({ pending: 0, failed: 0 });

    // reversal.
    const reversal = await relay.recordReversal({
      reversalId: 'R-1',
      orderId: 'L-1',
      type: 'RETURN',
      amount: 30,
    });
    expect(reversal).toMatchObject({ amount: '30.00', results: { ledger: { status: 'sent' } } });
    expect(received('/refunds').map((call) => call.body)).toEqual([
      expect.objectContaining({ reversalId: 'R-1', orderId: 'L-1', amount: '30.00', type: 'RETURN' }),
    ]);
    // Everything Ledger received, counted: one click, one sale, one lookup, one refund.
    expect(ledger.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /clicks',
      'POST /sales',
      'GET /sales/L-1',
      'POST /refunds',
    ]);
    // AvantLink, configured beside it, got nothing: the touch was Ledger's.
    expect(fakes.avantlink.requests).toEqual([]);
  });

  it("collects a beacon's touch of it, and refuses one of a network the relay does not take", async () => {
    const relay = ledgerRelay();
    const touch = {
      network: 'ledger',
      clickId: 'L-9',
      capturedAt: Date.now() - 1_000,
      landingUrl: `${SHOP}/`,
    };
    const collected = await relay.handleCollect(collectRequest(beacon([touch])));
    expect(collected.status).toBe(204);
    await relay.flush();
    expect(received('/clicks').map((call) => call.body)).toEqual([
      { click: 'L-9', visitor: expect.any(String), url: `${SHOP}/` },
    ]);
    const unknown = await relay.handleCollect(collectRequest(beacon([{ ...touch, network: 'awin' }])));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: 'invalid_beacon',
      reason: 'The beacon is invalid at touches.0.network',
    });
    expect(received('/clicks')).toHaveLength(1);
  });

  it("ties after AvantLink when one landing carries both clicks, by core's order of networks", async () => {
    const relay = ledgerRelay();
    const both = landing(`avad=${avantlinkTouch().clickId}&${LEDGER_CLICK_PARAM}=L-5`);
    const captured = await relay.captureFromRequest(both);
    expect(captured.added.map((touch) => touch.network)).toEqual(['avantlink', 'ledger']);
    expect(captured.added[0]!.capturedAt).toBe(captured.added[1]!.capturedAt);
    const cookie = cookieHeaderFrom(captured.setCookie);
    const request = new Request(`${SHOP}/checkout`, { method: 'POST', headers: { cookie } });
    const conversion = await relay.recordConversion({
      order: { orderId: 'T-1', subtotal: 10, currency: 'USD' },
      request,
    });
    expect(conversion.decision.winners.map((winner) => winner.network)).toEqual(['avantlink']);
    expect(conversion.results.ledger).toEqual({ status: 'skipped', reason: 'not-selected' });
    await relay.flush();
    expect(received('/sales')).toEqual([]);
  });
});

describe('no branch on a network name', () => {
  it('only the network folders and the config name a network in the sources', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const allowed = [/^clients\/(avantlink|aflite)\//, /^relay\/(config|resolve-config|option-names)\.ts$/];
    const found: string[] = [];
    const visit = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) visit(path);
        // Tests and the store contract suite name networks as data; comments and examples may too.
        else if (/\.ts$/.test(entry.name) && !/\.(test|contract)\.ts$/.test(entry.name)) {
          const file = relative(src, path);
          if (allowed.some((pattern) => pattern.test(file))) continue;
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, index) => {
              if (/^\s*(\*|\/\/)/.test(line)) return;
              if (/'(avantlink|aflite)'/.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
            });
        }
      }
    };
    visit(src);
    expect(found).toEqual([]);
  });
});
