// A shop process for the crash test (crash.test.ts): records conversions CRASH_ORDERS at a time
// (10 checkouts at once), each with an attribution saved with its cart as a webhook would, and
// appends each order id it got an answer for to CRASH_CONFIRMED. Its parent SIGKILLs it at random and
// starts it again: it re-records every order it has no answer for (a repeat is `duplicate`). Once
// every order is confirmed it flushes until nothing is pending and prints DONE.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRelay } from '@affiliate-relay/node';
import { createPostgresStore } from '@affiliate-relay/node/store';

const env = process.env;
const total = Number(env.CRASH_ORDERS);
const confirmedFile = env.CRASH_CONFIRMED;
const confirmed = new Set(
  existsSync(confirmedFile) ? readFileSync(confirmedFile, 'utf8').split('\n').filter(Boolean) : [],
);

let store; // undefined: the default store, the SQLite file at AFFILIATE_RELAY_DB
let pool;
if (env.CRASH_POSTGRES_URL) {
  const pg = (await import('pg')).default;
  pool = new pg.Pool({ connectionString: env.CRASH_POSTGRES_URL, max: 12 });
  pool.on('error', () => undefined);
  store = createPostgresStore({ pool, schema: env.CRASH_SCHEMA });
  await store.migrate();
}

const fast = { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 };
const relay = createRelay({
  avantlink: {
    merchantId: env.CRASH_MERCHANT_ID,
    baseUrl: env.CRASH_AVANTLINK_URL,
    timeoutMs: 500,
    retry: fast,
  },
  aflite: {
    apiKey: 'crash-key',
    merchantId: 'crash-mid',
    goalId: '7',
    baseUrl: env.CRASH_AFLITE_URL,
    timeoutMs: 500,
    retry: fast,
  },
  cookie: { secret: 'crash-test-cookie-secret-of-32-chars!' },
  ...(store ? { store } : {}),
  // Short locks, so that what a killed process held is taken again within seconds.
  delivery: { pollMs: 100, baseDelayMs: 100, maxDelayMs: 400, lockMs: 2_000, checkoutBudgetMs: 300 },
});

const now = Date.now();
const attribution = (i) => ({
  visitorId: 'vis_crashtest01',
  touches: [
    i % 2 === 0
      ? { network: 'avantlink', clickId: `77_crash${i}`, capturedAt: now - 60_000 }
      : { network: 'aflite', clickId: `crash-session-${i}`, capturedAt: now - 60_000 },
  ],
  source: 'server-cookie',
});

const todo = Array.from({ length: total }, (_, i) => i).filter((i) => !confirmed.has(`crash-${i}`));
async function checkout() {
  for (let i = todo.shift(); i !== undefined; i = todo.shift()) {
    const orderId = `crash-${i}`;
    await relay.recordConversion({
      order: { orderId, subtotal: 10 + (i % 90), currency: 'USD' },
      attribution: attribution(i),
      context: { userAgent: 'Mozilla/5.0 (crash test)', currentUrl: 'https://shop.test/checkout' },
    });
    appendFileSync(confirmedFile, `${orderId}\n`);
  }
}
await Promise.all(Array.from({ length: 10 }, checkout));

for (let round = 0; round < 200; round += 1) {
  await relay.flush({ timeoutMs: 5_000 });
  if ((await relay.status()).pending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const status = await relay.status();
await relay.close();
await pool?.end();
console.log(`DONE ${JSON.stringify(status)}`);
