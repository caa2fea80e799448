import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

const BEGIN = '<!-- bench:begin (written by `pnpm bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** The machine and the code measured. */
export function machine(root) {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    commit: `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes)' : ''}`,
    date: new Date().toISOString(),
  };
}

function fmt(value, unit = '') {
  if (value === undefined || value === null) return '–';
  return `${typeof value === 'number' ? value.toLocaleString('en-US') : value}${unit}`;
}

function describeSide(side, figure) {
  switch (figure.kind) {
    case 'http':
      return `${fmt(Math.round(side.rps))} req/s, p99 ${fmt(side.p99)} ms, CPU ${fmt(Math.round(side.cpuUsPerRequest))} µs/req`;
    case 'sequential':
      return `${fmt(side.msPerCall)} ms/call (CPU ${fmt(side.cpuMsPerCall)} ms)`;
    case 'throughput':
      return `${fmt(Math.round(side.perSecond))}/s${side.cpuMsPerCall === undefined ? '' : ` (CPU ${fmt(side.cpuMsPerCall)} ms/call)`}`;
    case 'process':
      return `${fmt(side.ms)} ms, ${fmt(side.rssMiB)} MiB`;
    case 'browser':
      return `ScriptDuration ${fmt(side.scriptMs)} ms, beacon at ${fmt(side.beaconMs)} ms, next tag at ${fmt(side.nextTagMs)} ms`;
    case 'fleet':
      return `${Object.entries(side.perSecond)
        .map(([size, rate]) => `${size} process${size === '1' ? '' : 'es'} ${fmt(Math.round(rate))}/s`)
        .join(', ')} (${Object.keys(side.perSecond).at(-1)} vs 1: ${side.scaling}×)`;
    case 'latency':
      return `p99 ${fmt(side.p99)} ms, p50 ${fmt(side.p50)} ms (${fmt(side.count)} checkouts)`;
    case 'size':
      return `${fmt(side.gzipBytes)} B`;
    default:
      return JSON.stringify(side);
  }
}

function ratioCell(figure) {
  if (figure.error) return 'error';
  const extra =
    figure.cpuRatio !== undefined
      ? ` (CPU ${figure.cpuRatio}×)`
      : figure.baselineScaling !== undefined
        ? ` (raw loop ${figure.baselineScaling}×; relay / raw at ${Object.keys(figure.vsBaseline).at(-1)} processes ${Object.values(figure.vsBaseline).at(-1)}×)`
        : figure.beaconRatio !== undefined
          ? ` (beacon ${figure.beaconRatio}×)`
          : '';
  const diff =
    figure.difference !== undefined ? ` (${figure.difference >= 0 ? '+' : ''}${figure.difference} B)` : '';
  return `**${figure.ratio}×**${extra}${diff}`;
}

/** The generated part of BENCHMARKS.md: the table of this run and how it was measured. */
export function renderRun(results) {
  const { machine: m, figures, mode } = results;
  const rows = figures.map((figure) =>
    figure.error
      ? `| ${figure.title} | – | – | error: ${figure.error} |`
      : `| ${figure.title} | ${figure.baseline.name}: ${describeSide(figure.baseline, figure)} | ${describeSide(figure.subject, figure)} | ${ratioCell(figure)} |`,
  );
  const notes = figures
    .filter((figure) => !figure.error)
    .map((figure) => `- ${figure.title}: ${figure.ratioMeaning}; ${figure.notes}.`);
  return [
    BEGIN,
    `## Latest run (${mode})`,
    '',
    `${m.date} · commit ${m.commit} · ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB · Node ${m.node} · load average before the run ${m.loadAverage.join(' / ')}`,
    '',
    '| figure | baseline (median) | subject (median) | ratio |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...notes,
    END,
  ].join('\n');
}

/** Writes the run into `file` between the markers, keeping everything else of the file. */
export function writeMarkdown(file, results, intro) {
  const run = renderRun(results);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = current.indexOf(BEGIN);
  const stop = current.indexOf(END);
  const next =
    start !== -1 && stop > start
      ? `${current.slice(0, start)}${run}${current.slice(stop + END.length)}`
      : `${intro}\n\n${run}\n`;
  writeFileSync(file, next);
}
