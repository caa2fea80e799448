// A shop for the click-peak figure, alone in its process: `node peak-shop.mjs AVANTLINK_URL`. The relay as a
// shop configures it (the default SQLite store in a fresh temporary directory, the default delivery options:
// `delivery.concurrency` 4, `delivery.clicks.maxConcurrency` 64) on node:http, with these routes:
//   POST /affiliate-relay/collect   the collect endpoint (relay.collectListener())
//   POST /checkout?order=ID         relay.recordConversion() of one order credited to an AvantLink click;
//                                   answers { status, ms } (the relay's status for AvantLink, and how long
//                                   recordConversion took inside the process)
//   GET  /status                    relay.status()
// Prints one JSON line when ready: { url, maxSockets } (the documented most sockets to one network).
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AVANTLINK_MERCHANT_ID, COOKIE_SECRET, VISITOR_ID } from '../lib/constants.mjs';
import { node } from '../lib/node-entry.mjs';

const [avantlinkUrl] = process.argv.slice(2);
// The defaults, said here for the figure's bound: a network's sockets per process are capped at
// delivery.concurrency + delivery.clicks.maxConcurrency.
const CONCURRENCY = 4;
const MAX_CLICK_CONCURRENCY = 64;

const dir = mkdtempSync(join(tmpdir(), 'ar-bench-peak-'));
const relay = node.createRelay({
  avantlink: { merchantId: AVANTLINK_MERCHANT_ID, baseUrl: avantlinkUrl },
  cookie: { secret: COOKIE_SECRET, secure: false },
  store: node.createSqliteStore({ path: join(dir, 'deliveries.db') }),
  delivery: { concurrency: CONCURRENCY, clicks: { maxConcurrency: MAX_CLICK_CONCURRENCY } },
});
const collect = relay.collectListener();
// How late the event loop runs (what every request in this process waits for), reset by GET /loop.
let loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function checkout(orderId) {
  const touch = {
    network: 'avantlink',
    clickId: '77_peakorder',
    capturedAt: Date.now() - 60_000,
    landingUrl: 'http://127.0.0.1/products/tent?avad=77_peakorder',
  };
  const started = performance.now();
  const result = await relay.recordConversion({
    order: { orderId, subtotal: 49.95, currency: 'USD' },
    attribution: { visitorId: VISITOR_ID, touches: [touch], source: 'server-cookie' },
  });
  return { status: result.results.avantlink?.status, ms: performance.now() - started };
}

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/affiliate-relay/collect') return collect(req, res);
  if (url.pathname === '/checkout') {
    req.resume();
    return checkout(url.searchParams.get('order')).then(
      (result) => json(res, 200, result),
      (error) => json(res, 500, { error: String(error) }),
    );
  }
  if (url.pathname === '/loop') {
    const delay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.disable();
    loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    return json(res, 200, delay);
  }
  if (url.pathname === '/status') {
    return relay.status().then((status) => json(res, 200, status));
  }
  json(res, 404, {});
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}`, maxSockets: CONCURRENCY + MAX_CLICK_CONCURRENCY })}\n`,
);

process.once('SIGTERM', async () => {
  server.closeAllConnections();
  server.close();
  await relay.close({ timeoutMs: 2_000 });
  process.exit(0);
});
