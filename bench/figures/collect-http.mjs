// Collect over HTTP: each server in its own process, autocannon (20 connections) in this one. The
// baseline (bare node:http 204, or the hand-written floor of lib/floor-collect.mjs) and the subject take
// turns, run after run.
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChild } from '../lib/child.mjs';
import { distinctClickBody } from '../lib/collect-setup.mjs';
import { CONNECTIONS } from '../lib/constants.mjs';
import { processCpuMs } from '../lib/process-cpu.mjs';
import { alternate, medians, round } from '../lib/stats.mjs';

const SERVER = fileURLToPath(new URL('../processes/collect-server.mjs', import.meta.url));

// Numbers the bodies of a `distinct` server across all its runs: no click id comes twice.
let distinctCount = 0;

async function load(server, seconds) {
  const target = server.info;
  const cpuBefore = processCpuMs(server.pid);
  const result = await autocannon({
    url: target.url,
    method: target.method,
    headers: target.headers,
    body: target.body,
    ...(target.distinct
      ? {
          requests: [
            { setupRequest: (request) => ({ ...request, body: distinctClickBody(distinctCount++) }) },
          ],
        }
      : {}),
    connections: CONNECTIONS,
    duration: seconds,
  });
  const ok = result['2xx'];
  const cpuMs = processCpuMs(server.pid) - cpuBefore;
  return {
    // The server process's CPU per answered request (Linux /proc; 10 ms ticks over thousands of requests).
    cpuUsPerRequest: (cpuMs * 1000) / Math.max(1, result.requests.total),
    rps: result.requests.total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const BASELINES = {
  bare: 'bare node:http 204',
  floor: 'hand-written floor on node built-ins, the same click',
  'floor-distinct': 'hand-written floor on node built-ins, a new click each',
};

/**
 * Measures one collect figure: `mode` (a collect-server mode) against `baseline` (`bare`: the bare
 * node:http server; `floor`, `floor-distinct`: the hand-written floor fed the same requests).
 */
export async function collectFigure({ id, title, mode, fakes, settings, baseline: baselineMode = 'bare' }) {
  const baseline = await startChild(SERVER, [baselineMode, fakes.avantlink]);
  const subject = await startChild(SERVER, [mode, fakes.avantlink]);
  await fetch(`${fakes.control}/reset`, { method: 'POST' });
  try {
    const warm = Math.max(1, Math.round(settings.seconds / 3));
    await load(baseline, warm);
    await load(subject, warm);
    const clicksBefore = (await (await fetch(`${fakes.control}/counts`)).json()).clicks;
    const samples = await alternate(
      settings.runs,
      () => load(baseline, settings.seconds),
      () => load(subject, settings.seconds),
    );
    const clicks = (await (await fetch(`${fakes.control}/counts`)).json()).clicks - clicksBefore;
    const base = medians(samples.baseline);
    const subj = medians(samples.subject);
    const failed = [...samples.baseline, ...samples.subject].reduce((sum, s) => sum + s.failed, 0);
    return {
      id,
      title,
      kind: 'http',
      baseline: { name: BASELINES[baselineMode], ...roundAll(base) },
      subject: roundAll(subj),
      ratio: round(subj.rps / base.rps, 3),
      cpuRatio: round(subj.cpuUsPerRequest / base.cpuUsPerRequest, 3),
      ratioMeaning:
        'throughput, subject / baseline (higher is better); CPU: server CPU per request, subject / baseline (lower is better)',
      failed,
      notes: `${samples.subject.length} runs of ${settings.seconds} s each side, alternating; fake AvantLink accepted ${clicks} clicks during the runs`,
      samples,
    };
  } finally {
    await Promise.all([baseline.stop(), subject.stop()]);
  }
}

function roundAll(values) {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, round(value, 2)]));
}
