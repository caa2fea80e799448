// A shop process for explain-restart.integration.test.ts: on the default store (the SQLite file at
// AFFILIATE_RELAY_DB) it records one order per line its parent writes to stdin (`o-sent`, `o-wait`,
// `o-hung`), each to AvantLink at EXPLAIN_AVANTLINK_URL, and prints `recorded <id>` once the
// checkout answered; `o-hung` is not awaited (its call hangs: the parent kills this process mid-send).
import { createInterface } from 'node:readline';
import { createRelay } from '@affiliate-relay/node';

const relay = createRelay({
  avantlink: {
    merchantId: process.env.EXPLAIN_MERCHANT_ID,
    baseUrl: process.env.EXPLAIN_AVANTLINK_URL,
    retry: { maxAttempts: 1 },
  },
  cookie: { secret: 'explain-test-cookie-secret-of-32-chars' },
  delivery: { pollMs: 0, baseDelayMs: 3_600_000, checkoutBudgetMs: 5_000 },
});

const attribution = {
  visitorId: 'vis_explain01',
  touches: [{ network: 'avantlink', clickId: '77_explain', capturedAt: Date.now() - 60_000 }],
  source: 'server-cookie',
};

for await (const line of createInterface({ input: process.stdin })) {
  const orderId = line.trim();
  const recorded = relay.recordConversion({ order: { orderId, subtotal: 10, currency: 'USD' }, attribution });
  if (orderId === 'o-hung') {
    recorded.catch(() => undefined);
    continue;
  }
  await recorded;
  console.log(`recorded ${orderId}`);
}
