// The browser script's main-thread work on a landing page, in Debian's Chromium with the CPU throttled 4× (a
// mid-range phone), against a hand-written floor script doing the least of the same job (browser/floor-script.js).
// Each page load is a fresh browser context (no cookies: a first visit with a click), on a host with a registrable
// domain (`shop.example.co.uk`, mapped to 127.0.0.1 by Chromium's host resolver rules: nothing leaves loopback),
// so the script finds its cookie domain as it does in a shop. Per load, from CDP `Performance.getMetrics`:
// ScriptDuration (JavaScript compile and run on the main thread) and TaskDuration; from the page: the time the
// next tag after the script runs (`performance.now()` in an inline script) and the beacon's start (its resource
// timing entry), read 250 ms after the beacon arrived (so that work left for later counts). Several rounds, each
// in a fresh Chromium, give the spread as well as the medians.
// `BENCH_SCRIPT_FILE=path` measures another build of the script-tag file as the subject.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../tooling/playwright.ts';
import { alternate, medians, round } from '../lib/stats.mjs';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(BENCH_DIR, 'package.json'));
const HOST = 'shop.example.co.uk';
const CPU_THROTTLING = 4;
const SETTLE_MS = 250;
const LANDING = '/products/tent?avad=77_f3afbe121&utm_source=avantlink&utm_medium=affiliate';

function scripts() {
  const browserDir = dirname(require.resolve('@affiliate-relay/browser/package.json'));
  return {
    // BENCH_SCRIPT_FILE names another build of the script tag, to compare two builds side by side.
    subject: readFileSync(
      process.env.BENCH_SCRIPT_FILE ?? join(browserDir, 'dist/affiliate-relay.global.js'),
    ),
    floor: readFileSync(join(BENCH_DIR, 'browser/floor-script.js')),
  };
}

const page = (side) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tent</title>
<script src="/assets/${side}.js"></script>
<script>window.__nextTag = performance.now();</script>
</head><body><h1>Two-person tent</h1><p>A landing page.</p></body></html>`;

/** The shop: the landing page of each side, the two scripts and the collect endpoint (counts beacons). */
async function startShop() {
  const files = scripts();
  let beacons = 0;
  const waiting = new Set();
  const server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/affiliate-relay/collect') {
      req.resume();
      req.once('end', () => {
        beacons++;
        for (const resolve of waiting) resolve();
        waiting.clear();
        res.writeHead(204).end();
      });
      return;
    }
    const asset = path.match(/^\/assets\/(subject|floor)\.js$/);
    if (asset) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' });
      return res.end(files[asset[1]]);
    }
    const side = path.match(/^\/(subject|floor)\//);
    if (side) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(side[1]));
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    beacons: () => beacons,
    /** Resolves when the beacon count passes `count`. */
    beaconAfter: (count) =>
      beacons > count ? Promise.resolve() : new Promise((resolve) => waiting.add(resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function landing(browser, shop, side) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
    const before = shop.beacons();
    const beaconed = shop.beaconAfter(before);
    await tab.goto(`http://${HOST}:${shop.port}/${side}${LANDING}`, { waitUntil: 'load' });
    let timer;
    await Promise.race([
      beaconed,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${side}: no beacon in 10 s`)), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // Work the script leaves for later (timers, idle callbacks) counts too: wait from here, running nothing
    // in the page, before reading the metrics.
    await tab.waitForTimeout(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    const timing = await tab.evaluate((file) => {
      const entries = performance.getEntriesByType('resource');
      const beacon = entries.find((entry) => entry.name.includes('/affiliate-relay/collect'));
      const script = entries.find((entry) => entry.name.endsWith(file));
      return { nextTag: window.__nextTag, beaconStart: beacon?.startTime, arrived: script?.responseEnd };
    }, `/assets/${side}.js`);
    if (timing.beaconStart === undefined) throw new Error(`${side}: the beacon has no resource timing entry`);
    if (timing.arrived === undefined) throw new Error(`${side}: the script has no resource timing entry`);
    return {
      scriptMs: metric('ScriptDuration'),
      taskMs: metric('TaskDuration'),
      nextTagMs: timing.nextTag,
      beaconMs: timing.beaconStart,
      // From the script's last byte: its compile and run until the beacon leaves, and until the next tag runs.
      arrivalToBeaconMs: timing.beaconStart - timing.arrived,
      arrivalToNextTagMs: timing.nextTag - timing.arrived,
    };
  } finally {
    await context.close();
  }
}

const METRICS = ['scriptMs', 'taskMs', 'nextTagMs', 'beaconMs', 'arrivalToBeaconMs', 'arrivalToNextTagMs'];

function shape(values) {
  return Object.fromEntries(METRICS.map((key) => [key, round(values[key], 2)]));
}

/** Lowest and highest of numbers, as `a–b`. */
function range(values, digits = 2) {
  return `${round(Math.min(...values), digits)}–${round(Math.max(...values), digits)}`;
}

/** One round: a fresh browser, warm-up landings, then `pageLoads` landings per side, alternating. */
async function round_(shop, pageLoads, warmups) {
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    args: [...chromiumLaunchOptions.args, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
  try {
    for (let i = 0; i < warmups; i++) {
      await landing(browser, shop, 'floor');
      await landing(browser, shop, 'subject');
    }
    return await alternate(
      pageLoads,
      () => landing(browser, shop, 'floor'),
      () => landing(browser, shop, 'subject'),
    );
  } finally {
    await browser.close();
  }
}

/**
 * The figure: `settings.browserRounds` rounds, each in a fresh Chromium, of `settings.pageLoads` landings per
 * side (each in a fresh context). The ratios are of the medians over every landing; the spread is the
 * lowest and highest of the rounds' own median ratios.
 */
export async function scriptMainThreadFigure({ settings }) {
  const shop = await startShop();
  const rounds = [];
  try {
    for (let r = 0; r < settings.browserRounds; r++)
      rounds.push(await round_(shop, settings.pageLoads, settings.pageLoads > 3 ? 2 : 1));
  } finally {
    await shop.close();
  }
  const samples = {
    baseline: rounds.flatMap((r) => r.baseline),
    subject: rounds.flatMap((r) => r.subject),
  };
  const ratioOf = (part, key) => medians(part.subject)[key] / medians(part.baseline)[key];
  const perRound = (key) => rounds.map((r) => ratioOf(r, key));
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  const landings = samples.subject.length;
  const spreadMs = (side, key) =>
    range(
      samples[side].map((s) => s[key]),
      1,
    );
  return {
    id: 'script-main-thread',
    title: `the script on a landing page, Chromium, CPU ×${CPU_THROTTLING}: main-thread JavaScript time`,
    kind: 'browser',
    baseline: { name: 'a hand-written floor script doing the least of the same job', ...shape(base) },
    subject: shape(subj),
    ratio: round(subj.scriptMs / base.scriptMs, 3),
    beaconRatio: round(subj.beaconMs / base.beaconMs, 3),
    nextTagRatio: round(subj.nextTagMs / base.nextTagMs, 3),
    arrivalToBeaconRatio: round(subj.arrivalToBeaconMs / base.arrivalToBeaconMs, 3),
    arrivalToNextTagRatio: round(subj.arrivalToNextTagMs / base.arrivalToNextTagMs, 3),
    taskRatio: round(subj.taskMs / base.taskMs, 3),
    spread: {
      scriptRatio: range(perRound('scriptMs'), 3),
      beaconRatio: range(perRound('beaconMs'), 3),
      nextTagRatio: range(perRound('nextTagMs'), 3),
      arrivalToBeaconRatio: range(perRound('arrivalToBeaconMs'), 3),
    },
    ratioMeaning:
      'ScriptDuration of the page (CDP Performance.getMetrics), subject / baseline (lower is better); beacon: the beacon request’s start from navigation (resource timing), subject / baseline',
    notes: `${settings.browserRounds} rounds, each in a fresh Chromium, of ${settings.pageLoads} landings each side, alternating, each in a fresh browser context (first visit, a click in the URL) on ${HOST} (mapped to 127.0.0.1): ${landings} landings each side; the rounds' own ratios: ScriptDuration ${range(perRound('scriptMs'), 3)}×, beacon start ${range(perRound('beaconMs'), 3)}×, next tag ${range(perRound('nextTagMs'), 3)}×; every landing's ScriptDuration ${spreadMs('baseline', 'scriptMs')} ms (floor), ${spreadMs('subject', 'scriptMs')} ms (script); from the script's arrival to the beacon ${round(base.arrivalToBeaconMs, 1)} ms (floor), ${round(subj.arrivalToBeaconMs, 1)} ms (script), ${round(subj.arrivalToBeaconMs / base.arrivalToBeaconMs, 3)}× (rounds ${range(perRound('arrivalToBeaconMs'), 3)}×), to the next tag ${round(base.arrivalToNextTagMs, 1)} ms, ${round(subj.arrivalToNextTagMs, 1)} ms, ${round(subj.arrivalToNextTagMs / base.arrivalToNextTagMs, 3)}×; next tag after the script at ${round(base.nextTagMs, 1)} ms (floor) and ${round(subj.nextTagMs, 1)} ms (script), ${round(subj.nextTagMs / base.nextTagMs, 3)}×; task time ${round(subj.taskMs / base.taskMs, 3)}×`,
    samples,
  };
}
