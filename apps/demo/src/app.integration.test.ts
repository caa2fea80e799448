import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DemoApp } from './app';
import { loadConfig } from './config';
import { type HostedCheckout, startHostedCheckout } from './hosted/hosted-checkout';
import { type Networks, startNetworks } from './networks';

/*
 * The demo on its durable store: a stop and a start keep what is pending and every order's
 * explanation (as a shop's server would); Reset deletes the file.
 */

const dir = mkdtempSync(join(tmpdir(), 'ar-demo-data-'));
const before = process.env.DEMO_DATA_DIR;
let networks: Networks;
let hosted: HostedCheckout;

beforeEach(async () => {
  process.env.DEMO_DATA_DIR = dir;
  networks = await startNetworks(loadConfig({}));
  hosted = await startHostedCheckout({ host: '127.0.0.1', port: 0 });
});
afterEach(async () => {
  await networks.close();
  await hosted.close();
  if (before === undefined) delete process.env.DEMO_DATA_DIR;
  else process.env.DEMO_DATA_DIR = before;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const attribution = {
  visitorId: 'vis_demo0001',
  touches: [{ network: 'avantlink' as const, clickId: '42_restart', capturedAt: Date.now() - 60_000 }],
  source: 'server-cookie' as const,
};
const order = { orderId: 'demo-restart-1', subtotal: 259, currency: 'USD' };

describe('the demo on its SQLite data folder', () => {
  it('a stop and a start keep the pending order and its explanation; Reset deletes the file', async () => {
    networks.avantlink.injectFault('503', 50);
    const first = new DemoApp(loadConfig({}), networks, hosted);
    const { results } = await first.relay.recordConversion({ order, attribution });
    expect(results.avantlink).toMatchObject({ status: 'pending' });
    // Stopped as Ctrl+C stops it, with the network still down: the order stays pending in the file.
    await first.relay.close({ timeoutMs: 500 });
    await first.store.close?.();
    expect(existsSync(join(dir, 'deliveries.db'))).toBe(true);

    const second = new DemoApp(loadConfig({}), networks, hosted);
    try {
      const explanation = await second.relay.explainOrder(order.orderId);
      expect(explanation).toMatchObject({
        found: true,
        verdict: 'pending',
        decision: { winners: ['avantlink'] },
      });
      expect(explanation.networks.avantlink?.log[0]).toMatchObject({
        outcome: 'pending',
        error: { status: 503 },
      });
      expect(await second.relay.status()).toMatchObject({ store: 'sqlite', pending: 1 });

      await second.reset();
      expect((await second.relay.explainOrder(order.orderId)).found).toBe(false);
      expect(await second.relay.status()).toMatchObject({ pending: 0 });
    } finally {
      await second.relay.close({ timeoutMs: 500 });
      await second.store.close?.();
    }
  });
});
