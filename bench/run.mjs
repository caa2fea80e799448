// `pnpm bench`: every figure of issue 13 against its baseline, in one run, alternating baseline and
// subject, repeated; writes BENCHMARKS.md (between its markers) and bench/results.json.
//   --short        a few seconds per figure, written to reports/bench/ (CI checks only that it runs)
//   --only=a,b     only these figure ids (collect-relay, collect-relay-click,
//                  collect-relay-distinct-click, collect-floor-click, collect-floor-distinct-click,
//                  collect-web-handler, track-order, register-goal, record-conversion-memory,
//                  record-conversion-sqlite, drain, fleet (fleet-record and fleet-drain),
//                  click-peak, script-main-thread, cold-import, npm-bundle)
//   --out=DIR      write results.json (and the run's BENCHMARKS.md) to DIR, leaving the repository's own alone
//                  (bench/compare.mjs runs it so)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFigure } from './figures/bundle.mjs';
import { clickPeakFigure } from './figures/click-peak.mjs';
import { recordConversionFigure, registerGoalFigure, trackOrderFigure } from './figures/clients.mjs';
import { coldImportFigure } from './figures/cold-import.mjs';
import { collectFigure } from './figures/collect-http.mjs';
import { drainFigure } from './figures/drain.mjs';
import { fleetFigures } from './figures/fleet.mjs';
import { scriptMainThreadFigure } from './figures/script-main-thread.mjs';
import { webHandlerFigure } from './figures/web-handler.mjs';
import { startChild } from './lib/child.mjs';
import { machine, renderRun, writeMarkdown } from './lib/report.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH_DIR);
const args = process.argv.slice(2);
const short = args.includes('--short');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const out = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);

const settings = short
  ? {
      runs: 1,
      seconds: 1,
      calls: 50,
      conversions: 50,
      spawns: 2,
      handlerCalls: 100,
      drainOrders: 200,
      browserRounds: 1,
      pageLoads: 2,
      fleetOrders: 80,
      fleetRuns: 1,
      fleetLatencyMs: 50,
      fleetWarm: 8,
      fleetSizes: [1, 4],
      peakRate: 200,
      peakSeconds: 10,
      peakIdleSeconds: 5,
      checkoutRate: 5,
      drainSeconds: 60,
    }
  : {
      runs: 3,
      seconds: 5,
      calls: 500,
      conversions: 500,
      spawns: 15,
      handlerCalls: 2_000,
      drainOrders: 2_000,
      browserRounds: 3,
      pageLoads: 12,
      fleetOrders: 600,
      fleetRuns: 2,
      fleetLatencyMs: 50,
      fleetWarm: 40,
      fleetSizes: [1, 2, 4],
      peakRate: 200,
      peakSeconds: 60,
      peakIdleSeconds: 30,
      checkoutRate: 5,
      drainSeconds: 60,
    };

const FIGURES = [
  {
    id: 'collect-relay',
    run: (fakes) =>
      collectFigure({
        id: 'collect-relay',
        title: 'collect, relay, signed cookie, no new click',
        mode: 'relay',
        fakes,
        settings,
      }),
  },
  {
    id: 'collect-relay-click',
    run: (fakes) =>
      collectFigure({
        id: 'collect-relay-click',
        title: 'collect, relay, signed cookie, a new AvantLink click per request',
        mode: 'relay-click',
        fakes,
        settings,
      }),
  },
  {
    id: 'collect-relay-distinct-click',
    run: (fakes) =>
      collectFigure({
        id: 'collect-relay-distinct-click',
        title: 'collect, relay, signed cookie, a click never seen before per request (written and sent)',
        mode: 'relay-distinct-click',
        fakes,
        settings,
      }),
  },
  {
    id: 'collect-floor-click',
    run: (fakes) =>
      collectFigure({
        id: 'collect-floor-click',
        title: 'collect, relay, the same AvantLink click on every request, against the hand-written floor',
        mode: 'relay-click',
        baseline: 'floor',
        fakes,
        settings,
      }),
  },
  {
    id: 'collect-floor-distinct-click',
    run: (fakes) =>
      collectFigure({
        id: 'collect-floor-distinct-click',
        title: 'collect, relay, a click never seen before per request, against the hand-written floor',
        mode: 'relay-distinct-click',
        baseline: 'floor-distinct',
        fakes,
        settings,
      }),
  },
  { id: 'collect-web-handler', run: (fakes) => webHandlerFigure({ fakes, settings }) },
  { id: 'track-order', run: (fakes) => trackOrderFigure({ fakes, settings }) },
  { id: 'register-goal', run: (fakes) => registerGoalFigure({ fakes, settings }) },
  {
    id: 'record-conversion-memory',
    run: (fakes) => recordConversionFigure({ fakes, settings, store: 'memory' }),
  },
  {
    id: 'record-conversion-sqlite',
    run: (fakes) => recordConversionFigure({ fakes, settings, store: 'sqlite' }),
  },
  { id: 'drain', run: (fakes) => drainFigure({ fakes, settings }) },
  // One run of the fleet gives two figures: fleet-record and fleet-drain.
  { id: 'fleet', run: (fakes) => fleetFigures({ fakes, settings }) },
  // Issue 25's load run: a peak of new clicks against a fake AvantLink answering in 100 ms.
  { id: 'click-peak', run: () => clickPeakFigure({ settings }) },
  { id: 'script-main-thread', run: () => scriptMainThreadFigure({ settings }) },
  { id: 'cold-import', run: () => coldImportFigure({ settings }) },
  { id: 'npm-bundle', run: () => bundleFigure() },
];

const selected = FIGURES.filter((figure) => !only || only.includes(figure.id));
if (selected.length === 0) throw new Error(`no figure matches --only=${only}`);

const info = machine(ROOT);
const fakes = await startChild(fileURLToPath(new URL('./processes/fakes.mjs', import.meta.url)));
const figures = [];
let failed = 0;
try {
  for (const figure of selected) {
    const started = performance.now();
    try {
      const results = [await figure.run(fakes.info)].flat();
      const seconds = Math.round((performance.now() - started) / 1000);
      for (const result of results) {
        figures.push(result);
        console.log(
          `bench: ${result.id}: ${result.ratio}×${result.cpuRatio ? ` (CPU ${result.cpuRatio}×)` : ''}${result.beaconRatio ? ` (beacon ${result.beaconRatio}×)` : ''}${result.baselineScaling ? ` (raw loop ${result.baselineScaling}×)` : ''} in ${seconds} s`,
        );
      }
    } catch (error) {
      failed++;
      figures.push({ id: figure.id, title: figure.id, error: error.message });
      console.error(`bench: ${figure.id} FAILED: ${error.stack}`);
    }
  }
} finally {
  await fakes.stop();
}

const results = { mode: short ? 'short' : 'full', settings, machine: info, figures };
const outDir = out ?? (short ? join(ROOT, 'reports/bench') : BENCH_DIR);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
if (short || out) {
  writeFileSync(join(outDir, 'BENCHMARKS.md'), `${renderRun(results)}\n`);
} else {
  writeMarkdown(join(ROOT, 'BENCHMARKS.md'), results, '# Benchmarks');
}
console.log(renderRun(results));
process.exit(failed > 0 ? 1 : 0);
