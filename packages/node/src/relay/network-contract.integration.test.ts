import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useFakeNetworks } from '../../test/fixtures/fake-networks';
import {
  afliteTouch,
  beacon,
  collectRequest,
  cookieHeaderFrom,
  MERCHANT_ID,
  SECRET,
  SHOP,
} from '../../test/fixtures/relay';
import { startLedger } from '../../test/networks/ledger/fake';
import { ledgerNetwork } from '../../test/networks/ledger/network';
import { createMemoryStore } from '../delivery/memory-store';
import { type Relay, relayFrom } from './create-relay';
import { resolveRelayConfig } from './resolve-config';

/*
 * A network defined in a test, in one folder (test/networks/ledger/), goes through collect →
 * conversion → delivery → reversal beside AvantLink with no file of the package changed: the relay
 * and the outbox know it only through its NetworkDefinition. It takes the id `aflite`, whose capture
 * rule core (and the browser script) know, but nothing else of Aflite: it takes clicks, its own
 * requests, and reversals, none of which Aflite does.
 */
describe('the network contract: a network of its own, through every step', () => {
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
    resolved.networks.push(ledgerNetwork('aflite', ledger.url));
    relay = relayFrom(resolved);
    return relay;
  }

  it('records its click, credits its sale once through a failure, and sends its reversal', async () => {
    const relay = ledgerRelay();
    const touch = afliteTouch();
    const collected = await relay.handleCollect(collectRequest(beacon([touch])));
    expect(collected.status).toBe(204);
    await relay.flush();
    expect(ledger.calls.filter((call) => call.path === '/clicks').map((call) => call.body)).toEqual([
      { click: touch.clickId, visitor: expect.any(String), url: touch.landingUrl },
    ]);

    // The sale is recorded by Ledger but its answer is a 503: the retry asks Ledger first (confirm).
    ledger.failNext(1);
    const cookie = cookieHeaderFrom(collected.headers.getSetCookie());
    const order = { orderId: 'L-1', subtotal: 80, currency: 'GBP' };
    const request = new Request(`${SHOP}/checkout`, { method: 'POST', headers: { cookie } });
    const conversion = await relay.recordConversion({ order, request });
    expect(conversion.decision.winners.map((winner) => winner.network)).toEqual(['aflite']);
    expect(conversion.results.aflite).toMatchObject({ status: 'pending' });
    expect(conversion.results.avantlink).toEqual({ status: 'skipped', reason: 'no-touch' });
    await relay.flush();
    expect(ledger.sales.get('L-1')).toEqual({ ref: 'L-1', amount: 80, click: touch.clickId });
    expect(ledger.calls.filter((call) => call.path === '/sales')).toHaveLength(1);
    expect(ledger.calls.filter((call) => call.path === '/sales/L-1')).toHaveLength(1);
    expect(await relay.status()).toMatchObject({ pending: 0, failed: 0 });

    const reversal = await relay.recordReversal({
      reversalId: 'R-1',
      orderId: 'L-1',
      type: 'RETURN',
      amount: 30,
    });
    expect(reversal).toMatchObject({ amount: '30.00', results: { aflite: { status: 'sent' } } });
    expect(ledger.calls.filter((call) => call.path === '/refunds').map((call) => call.body)).toEqual([
      expect.objectContaining({ reversalId: 'R-1', orderId: 'L-1', amount: '30.00', type: 'RETURN' }),
    ]);
    // AvantLink, configured beside it, got nothing: the touch was Ledger's.
    expect(fakes.avantlink.requests).toEqual([]);
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
