// The outbox under a hung AvantLink (issue 10's acceptance), with real processes on loopback:
// `RATE` beacons a second for `SECONDS`, each a new click, posted to a shop process's collect
// endpoint, first with a healthy fake AvantLink (the baseline), then, in a fresh shop, with an
// AvantLink that holds every call. Checks, and prints: the shop's RSS growth under the hung network
// (< 100 MB), the most connections open to AvantLink at once (sampled every 20 ms at the fake; <= the
// documented maximum, delivery.concurrency + delivery.clicks.maxConcurrency, see below), collect p99
// under the hung network within 2x the healthy run's, and that every click reaches AvantLink once it
// answers again. Exits 1 when a bound fails.
//
//   node test/load/hung-avantlink.mjs [--seconds 30] [--rate 200] [--concurrency 4] [--max-clicks 64]
// (CI runs --seconds 10; `pnpm bench` the full 30 s.) Run after `pnpm build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeAvantLink } from '@affiliate-relay/testkit';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    rate: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    'max-clicks': { type: 'string', default: '64' },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const CONCURRENCY = Number(values.concurrency);
const MAX_CLICKS = Number(values['max-clicks']);
// The documented most sockets to one network per process: orders' places and clicks' places.
const MAX_SOCKETS = CONCURRENCY + MAX_CLICKS;
const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const dir = mkdtempSync(join(tmpdir(), 'ar-load-'));
// One fake per run, so that each run's most connections at once (counted at each accept) is its own.
let avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });

async function startShop(name) {
  const child = spawn(process.execPath, [new URL('./collect-shop.mjs', import.meta.url).pathname], {
    env: {
      ...process.env,
      AFFILIATE_RELAY_DB: join(dir, name, 'deliveries.db'),
      LOAD_MERCHANT_ID: MERCHANT_ID,
      LOAD_AVANTLINK_URL: avantlink.url,
      LOAD_CONCURRENCY: String(CONCURRENCY),
      LOAD_MAX_CLICKS: String(MAX_CLICKS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const match = /PORT (\d+)/.exec(String(chunk));
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the shop exited (${code})`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const get = async (path, method = 'GET') => (await fetch(`${base}${path}`, { method })).json();
  return { child, base, get };
}

/** Stops a shop and waits until its connections to the fake are gone. */
async function stop(shop) {
  const exited = new Promise((resolve) => shop.child.once('exit', resolve));
  shop.child.kill('SIGTERM');
  await exited;
  while (avantlink.connections().open > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

function beacon(label, i) {
  const clickId = `77_${label}${i}`;
  const landingUrl = `http://127.0.0.1/products/tent?avad=${clickId}`;
  return JSON.stringify({
    touches: [{ network: 'avantlink', clickId, capturedAt: Date.now() - 1_000, landingUrl }],
    visitorId: `vis_load${label}${String(i).padStart(6, '0')}`.slice(0, 40),
    pageUrl: landingUrl,
  });
}

/** Posts RATE beacons a second for SECONDS, each timed; samples the shop's RSS every second. */
async function load(shop, label) {
  const latencies = [];
  const failures = [];
  let rssMax = 0;
  let mostOpen = 0;
  const rssStart = (await shop.get('/rss')).rss;
  const sampler = setInterval(async () => {
    rssMax = Math.max(rssMax, (await shop.get('/rss').catch(() => ({ rss: 0 }))).rss);
  }, 1_000);
  const sockets = setInterval(() => {
    mostOpen = Math.max(mostOpen, avantlink.connections().open);
  }, 20);
  const total = RATE * SECONDS;
  const started = performance.now();
  const sent = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1_000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t = performance.now();
    sent.push(
      fetch(`${shop.base}/affiliate-relay/collect`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: shop.base },
        body: beacon(label, i),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 204) failures.push(response.status);
          latencies.push(performance.now() - t);
        },
        (error) => failures.push(String(error)),
      ),
    );
  }
  await Promise.all(sent);
  clearInterval(sampler);
  clearInterval(sockets);
  rssMax = Math.max(rssMax, (await shop.get('/rss')).rss);
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return {
    label,
    total,
    failures,
    mostOpen,
    p50: p(0.5),
    p99: p(0.99),
    rssStart,
    rssMax,
    achievedRate: total / ((performance.now() - started) / 1_000),
  };
}

const mb = (bytes) => Math.round(bytes / 1_048_576);
const ms = (value) => `${value.toFixed(1)} ms`;
let failed = false;
const check = (ok, text) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
  if (!ok) failed = true;
};

try {
  // The baseline: a healthy AvantLink.
  const healthyShop = await startShop('healthy');
  const healthy = await load(healthyShop, 'h');
  await stop(healthyShop);

  // The same load with an AvantLink that holds every call for an hour.
  const healthyMost = avantlink.connections().most;
  await avantlink.close();
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  avantlink.setRandomFaults({ rate: 1, faults: [{ type: 'delay', ms: 3_600_000 }] });
  const hungShop = await startShop('hung');
  const hung = await load(hungShop, 'x');
  const hungMost = avantlink.connections().most;
  const shopSockets = await hungShop.get('/sockets');

  // AvantLink answers again: every click must get there.
  avantlink.setRandomFaults(undefined);
  const deadline = Date.now() + 120_000;
  let status = await hungShop.get('/status');
  while (status.pending > 0 && Date.now() < deadline) {
    await hungShop.get('/flush', 'POST');
    status = await hungShop.get('/status');
  }
  const delivered = new Set(avantlink.clicks.map((click) => click.tracking_ids.avantlink_avad));
  const missing = Array.from({ length: hung.total }, (_, i) => `77_x${i}`).filter(
    (avad) => !delivered.has(avad),
  );
  await stop(hungShop);

  console.log(
    `hung AvantLink: ${RATE} beacons/s for ${SECONDS} s, delivery.concurrency ${CONCURRENCY}, delivery.clicks.maxConcurrency ${MAX_CLICKS} (at most ${MAX_SOCKETS} sockets)`,
  );
  // For information: the fake's exact count at each accept. A socket the shop has already closed
  // still counts there until the fake has handled its close, so a new connection accepted in between
  // can show one more than the shop holds (the shop's own count is checked below).
  console.log(
    `  most connections at once at the fake, counted at each accept: healthy ${healthyMost}, hung ${hungMost}`,
  );
  for (const run of [healthy, hung]) {
    console.log(
      `  ${run.label === 'h' ? 'healthy' : 'hung   '}: ${run.total} beacons at ${run.achievedRate.toFixed(0)}/s, collect p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, RSS ${mb(run.rssStart)} -> ${mb(run.rssMax)} MB, ${run.failures.length} failed`,
    );
  }
  check(healthy.failures.length === 0 && hung.failures.length === 0, 'every beacon answered 204');
  check(
    hung.rssMax - hung.rssStart < 100 * 1_048_576,
    `RSS growth under the hung network ${mb(hung.rssMax - hung.rssStart)} MB < 100 MB`,
  );
  // The worker never has more than CONCURRENCY orders and its click limit (at most MAX_CLICKS, and
  // shrinking as clicks time out) clicks in flight (worker.test.ts), and the client's sockets to
  // AvantLink are capped at the same numbers, orders' and clicks' apart: an attempt cut by its timeout
  // destroys its socket then (sockets.integration.test.ts), rather than leaving it to a keep-alive timer.
  check(
    hung.mostOpen <= MAX_SOCKETS,
    `most connections open to AvantLink at once (sampled every 20 ms): ${hung.mostOpen} <= ${MAX_SOCKETS}`,
  );
  check(
    shopSockets.most <= MAX_SOCKETS,
    `most sockets the shop held open at once under the hung network (its own count, from creation to close): ${shopSockets.most} <= ${MAX_SOCKETS}`,
  );
  check(
    hung.p99 <= 2 * healthy.p99,
    `collect p99 ${ms(hung.p99)} within 2x the healthy run's ${ms(healthy.p99)} (${(hung.p99 / healthy.p99).toFixed(2)}x)`,
  );
  check(
    missing.length === 0 && status.pending === 0,
    `every click delivered once AvantLink answered again (${missing.length} missing, ${status.pending} pending)`,
  );
} finally {
  await avantlink.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
