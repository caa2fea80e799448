// A traffic peak of new clicks (issue 25's load run): a shop process (processes/peak-shop.mjs, the relay with its
// default store and delivery options) takes `peakRate` beacons a second, each a click never seen before, for
// `peakSeconds` through its collect endpoint (sent by processes/peak-beacons.mjs, a process of its own), while checkouts (recordConversion and its answer, over HTTP) come
// at `checkoutRate` a second; the baseline is the same checkouts with no beacon at all (the idle run), in the same
// shop, just before. The fake AvantLink (a fakes process of its own, so that its count of connections is this
// figure's) answers every call after 100 ms. Checked, else the figure fails: every beacon answered 204, no
// click dropped (status().droppedClicks), every click taken by the fake within `drainSeconds` after the load
// ended, and the connections open at the fake (sampled every 25 ms, and its own most-at-once counted at each
// accept) never above the documented maximum (delivery.concurrency + delivery.clicks.maxConcurrency).
import { fileURLToPath } from 'node:url';
import { startChild } from '../lib/child.mjs';
import { processCpuMs } from '../lib/process-cpu.mjs';
import { percentile, round } from '../lib/stats.mjs';

const FAKES = fileURLToPath(new URL('../processes/fakes.mjs', import.meta.url));
const SHOP = fileURLToPath(new URL('../processes/peak-shop.mjs', import.meta.url));
const BEACONS = fileURLToPath(new URL('../processes/peak-beacons.mjs', import.meta.url));
const LATENCY_MS = 100;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const getJson = async (url, init) => (await fetch(url, init)).json();

/** Runs `fn(i)` at `rate` a second for `seconds`, each on time (not after the previous one ended). */
async function paced(rate, seconds, fn) {
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const calls = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1_000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    calls.push(fn(i));
  }
  await Promise.all(calls);
  return { total, seconds: (performance.now() - started) / 1_000 };
}

function checkouts(shop, label, settings, seconds) {
  const latencies = [];
  const inside = [];
  const statuses = {};
  const run = paced(settings.checkoutRate, seconds, async (i) => {
    const started = performance.now();
    // A failed request is counted, never left to reject before the run awaits it (an unhandled rejection).
    const answer = await getJson(`${shop.info.url}/checkout?order=${label}-${i}`, { method: 'POST' }).catch(
      (error) => ({ status: `failed (${error.cause?.code ?? error.message})` }),
    );
    latencies.push(performance.now() - started);
    if (typeof answer.ms === 'number') inside.push(answer.ms);
    statuses[answer.status ?? 'error'] = (statuses[answer.status ?? 'error'] ?? 0) + 1;
  });
  return run.then(() => ({
    count: latencies.length,
    p50: round(percentile(latencies, 50), 1),
    p99: round(percentile(latencies, 99), 1),
    insideP50: round(percentile(inside, 50), 1),
    insideP99: round(percentile(inside, 99), 1),
    statuses,
  }));
}

/** The click-peak figure: checkout p99 under the peak against the idle run's, and the peak's bounds checked. */
export async function clickPeakFigure({ settings }) {
  const fakes = await startChild(FAKES);
  // BENCH_PEAK_CPU_PROF=DIR writes a CPU profile of the shop there (to see where its time goes).
  const prof = process.env.BENCH_PEAK_CPU_PROF;
  const shop = await startChild(SHOP, [fakes.info.avantlink], {
    nodeArgs: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  }).catch(async (error) => {
    await fakes.stop();
    throw error;
  });
  let sampling = false;
  let beacons;
  try {
    await fetch(`${fakes.info.control}/latency?ms=${LATENCY_MS}`, { method: 'POST' });
    // Warm-up: a few checkouts and beacons (schemas loaded, sockets open), not counted.
    await checkouts(shop, 'warm', { checkoutRate: 10 }, 1);
    await getJson(`${shop.info.url}/loop`);
    const idle = await checkouts(shop, 'idle', settings, settings.peakIdleSeconds);
    idle.loop = await getJson(`${shop.info.url}/loop`);

    let mostOpen = 0;
    let openSum = 0;
    let openSamples = 0;
    sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const counts = await getJson(`${fakes.info.control}/counts`).catch(() => undefined);
        mostOpen = Math.max(mostOpen, counts?.connections.open ?? 0);
        if (counts) {
          openSum += counts.connections.open;
          openSamples += 1;
        }
        await sleep(25);
      }
    })();
    beacons = await startChild(BEACONS, [
      `${shop.info.url}/affiliate-relay/collect`,
      settings.peakRate,
      settings.peakSeconds,
    ]);
    const cpuBefore = processCpuMs(shop.pid);
    beacons.signal('SIGUSR2');
    const [load, peak] = await Promise.all([
      beacons.line(2),
      checkouts(shop, 'peak', settings, settings.peakSeconds),
    ]);
    await beacons.finished();
    const loadEnded = performance.now();
    peak.loop = await getJson(`${shop.info.url}/loop`);
    const atEnd = await getJson(`${fakes.info.control}/counts?clickPrefix=98_pk`);
    // Every click must reach the fake within drainSeconds after the load.
    let counts = atEnd;
    while (
      counts.clickDistinct < load.total &&
      performance.now() - loadEnded < settings.drainSeconds * 1_000
    ) {
      await sleep(250);
      counts = await getJson(`${fakes.info.control}/counts?clickPrefix=98_pk`);
    }
    const drainedMs = performance.now() - loadEnded;
    const shopCpuMs = processCpuMs(shop.pid) - cpuBefore;
    sampling = false;
    await sampler;
    const status = await getJson(`${shop.info.url}/status`);
    const most = Math.max(mostOpen, counts.connections.most);
    const problems = [];
    if (load.failures > 0) problems.push(`${load.failures} beacons not answered 204 (${load.firstFailure})`);
    if (status.droppedClicks !== 0) problems.push(`${status.droppedClicks} clicks dropped`);
    if (counts.clickDistinct < load.total) {
      problems.push(
        `${load.total - counts.clickDistinct} of ${load.total} clicks not delivered ${settings.drainSeconds} s after the load`,
      );
    }
    if (most > shop.info.maxSockets) {
      problems.push(
        `${most} connections open to AvantLink at once, above the maximum ${shop.info.maxSockets}`,
      );
    }
    // A checkout answered `pending` (its attempt past the 1 s budget) is kept and retried: counted, not a failure.
    const answered = (side) => (side.statuses.sent ?? 0) + (side.statuses.pending ?? 0);
    if (answered(idle) !== idle.count || answered(peak) !== peak.count) {
      problems.push(
        `checkouts not all answered sent or pending: idle ${JSON.stringify(idle.statuses)}, peak ${JSON.stringify(peak.statuses)}`,
      );
    }
    const meanOpen = round(openSum / Math.max(1, openSamples), 1);
    if (problems.length > 0) {
      throw new Error(
        `click peak: ${problems.join('; ')} (connections open at the fake: ${meanOpen} on average, ${most} at most)`,
      );
    }
    const repeats = counts.clickCalls - counts.clickDistinct;
    return {
      id: 'click-peak',
      title: `a peak of new clicks: ${settings.peakRate} beacons/s for ${settings.peakSeconds} s, AvantLink answering in ${LATENCY_MS} ms: checkout p99`,
      kind: 'latency',
      baseline: { name: 'the same checkouts in the same shop, idle (no beacon)', ...idle },
      subject: peak,
      ratio: round(peak.p99 / idle.p99, 3),
      ratioMeaning:
        'checkout (recordConversion and its answer, over HTTP) p99 under the peak / idle (lower is better; target ≤ 2×)',
      notes: `${load.total} beacons at ${round(load.total / load.seconds, 0)}/s, each a click never seen before, all answered 204; ${settings.checkoutRate} checkouts/s on both sides (${idle.count} idle, ${peak.count} under the peak; answered: idle ${JSON.stringify(idle.statuses)}, peak ${JSON.stringify(peak.statuses)}); 0 clicks dropped; ${atEnd.clickDistinct} of the clicks at the fake when the load ended, all ${load.total} ${round(drainedMs / 1_000, 1)} s after (${repeats} sent twice); most connections open to AvantLink at once ${most} (sampled every 25 ms and counted at each accept; ${meanOpen} on average), maximum ${shop.info.maxSockets} (delivery.concurrency 4 + delivery.clicks.maxConcurrency 64); shop CPU during the peak and its drain ${round(shopCpuMs / load.total, 2)} ms per beacon (its checkouts included); recordConversion alone, timed in the shop: p99 ${idle.insideP99} ms idle, ${peak.insideP99} ms under the peak; the shop's event-loop delay p99 ${round(idle.loop.p99, 0)} ms idle, ${round(peak.loop.p99, 0)} ms under the peak (max ${round(idle.loop.max, 0)}, ${round(peak.loop.max, 0)} ms)`,
      check: { dropped: status.droppedClicks, mostConnections: most, maxSockets: shop.info.maxSockets },
    };
  } finally {
    sampling = false;
    await beacons?.stop();
    await shop.stop();
    await fakes.stop();
  }
}
