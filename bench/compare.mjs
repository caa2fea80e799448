// `node bench/compare.mjs --against <ref>`: the same figures of `pnpm bench` on an earlier commit and on this tree,
// in one session, side by side. The ref is checked out into a temporary git worktree (detached, removed at the
// end), installed and built there; both trees run their own bench/run.mjs with the figure ids both have, in turn
// (ref, this tree; with --rounds=N the order alternates and each figure's median ratio is kept). Each ratio is
// already measured against its own baseline in the same run, so the two columns compare like with like even as
// the machine's load moves; the load average is printed beside them.
//   --against=REF  (or --against REF) the commit, branch or tag to compare with (required)
//   --short        each tree's bench in --short mode (a few seconds per figure)
//   --only=a,b     only these of the common figure ids
//   --rounds=N     runs per tree (default 1)
//   --keep         leave the temporary worktree in place (its path is printed)
// Writes reports/bench/compare.json and compare.md; exits 1 when a tree's bench fails to run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const option = (name) => {
  const inline = args.find((arg) => arg.startsWith(`--${name}=`));
  if (inline) return inline.slice(name.length + 3);
  const index = args.indexOf(`--${name}`);
  return index !== -1 && args[index + 1] && !args[index + 1].startsWith('--') ? args[index + 1] : undefined;
};
const against = option('against');
if (!against) {
  console.error('usage: node bench/compare.mjs --against <ref> [--short] [--only=a,b] [--rounds=N] [--keep]');
  process.exit(2);
}
const short = args.includes('--short');
const keep = args.includes('--keep');
const rounds = Number(option('rounds') ?? 1);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a whole number, 1 or more');
const only = option('only')?.split(',');

const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: ROOT, encoding: 'utf8' }).trim();
const commit = git('rev-parse', '--verify', `${against}^{commit}`);
const head = git('rev-parse', 'HEAD');
const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';

function run(command, commandArgs, cwd, what) {
  console.log(`compare: ${what}: ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

// The figure ids a tree's bench/run.mjs knows (the `id: '…'` of its FIGURES), read from its source.
function figureIds(runMjs) {
  const source = readFileSync(runMjs, 'utf8');
  const list = source.slice(source.indexOf('const FIGURES'), source.indexOf('const selected'));
  return new Set([...list.matchAll(/\bid: '([a-z0-9-]+)'/g)].map((match) => match[1]));
}

const scratch = mkdtempSync(join(tmpdir(), 'ar-bench-compare-'));
const worktree = join(scratch, 'ref');
let failed = false;
try {
  console.log(
    `compare: ${against} (${commit.slice(0, 7)}) against this tree (${head.slice(0, 7)}${dirty ? ', with uncommitted changes' : ''})`,
  );
  git('worktree', 'add', '--detach', worktree, commit);
  run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], worktree, `install ${against}`);
  run('pnpm', ['run', 'build'], worktree, `build ${against}`);
  run('pnpm', ['run', 'build'], ROOT, 'build this tree');

  const mine = figureIds(join(ROOT, 'bench/run.mjs'));
  const theirs = figureIds(join(worktree, 'bench/run.mjs'));
  const common = [...mine].filter((id) => theirs.has(id) && (!only || only.includes(id)));
  if (common.length === 0) throw new Error(`no figure id in common (${[...mine]} / ${[...theirs]})`);
  console.log(`compare: common figures: ${common.join(', ')}`);
  console.log(
    `compare: left out (one tree only): ${[...mine, ...theirs].filter((id) => !common.includes(id)).join(', ') || 'none'}`,
  );

  const sides = { ref: [], head: [] };
  const loads = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['ref', 'head'] : ['head', 'ref'];
    for (const side of order) {
      const out = join(scratch, `${side}-${round}`);
      const benchArgs = [...(short ? ['--short'] : []), `--only=${common.join(',')}`];
      const cwd = side === 'ref' ? worktree : ROOT;
      loads.push({ side, round, before: loadavg()[0] });
      // This tree writes where it is told; the ref's bench (which may not know --out) writes into its worktree.
      const result = spawnSync(
        process.execPath,
        ['bench/run.mjs', ...benchArgs, ...(side === 'head' ? [`--out=${out}`] : [])],
        { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } },
      );
      if (result.status !== 0) failed = true;
      const file =
        side === 'head'
          ? join(out, 'results.json')
          : join(worktree, short ? 'reports/bench/results.json' : 'bench/results.json');
      sides[side].push(JSON.parse(readFileSync(file, 'utf8')));
    }
  }

  const median = (values) => {
    const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
    if (sorted.length === 0) return undefined;
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const figuresOf = (runs, id) => runs.flatMap((r) => r.figures.filter((figure) => figure.id === id));
  const resultIds = [...new Set(sides.head.flatMap((r) => r.figures.map((figure) => figure.id)))];
  const rows = resultIds
    .filter((id) => figuresOf(sides.ref, id).length > 0)
    .map((id) => {
      const mineFigures = figuresOf(sides.head, id);
      const theirFigures = figuresOf(sides.ref, id);
      const meaning = mineFigures[0]?.ratioMeaning ?? theirFigures[0]?.ratioMeaning ?? '';
      const lowerIsBetter = /^[^;]*\(lower is better\)/.test(meaning);
      const ref = median(theirFigures.map((figure) => figure.ratio));
      const now = median(mineFigures.map((figure) => figure.ratio));
      // Above 1: this tree does better than the ref on this figure; below 1: worse.
      const relative =
        ref === undefined || now === undefined ? undefined : lowerIsBetter ? ref / now : now / ref;
      // The subject's CPU per request or call against its baseline's, where the figure measures it (lower is
      // better): it moves less with the machine's load than throughput or wall time does.
      const refCpu = median(theirFigures.map((figure) => figure.cpuRatio));
      const headCpu = median(mineFigures.map((figure) => figure.cpuRatio));
      const cpuRelative = refCpu === undefined || headCpu === undefined ? undefined : refCpu / headCpu;
      const errors = [...theirFigures, ...mineFigures].map((figure) => figure.error).filter(Boolean);
      return { id, ref, head: now, relative, lowerIsBetter, refCpu, headCpu, cpuRelative, meaning, errors };
    });

  const fmt = (value, digits = 3) => (value === undefined ? '–' : value.toFixed(digits));
  const verdict = (relative) =>
    relative === undefined
      ? '–'
      : `${fmt(relative, 2)}× (${relative >= 1 ? 'no worse' : `${Math.round((1 - relative) * 100)} % worse`})`;
  const lines = [
    `| figure | ${against} (${commit.slice(0, 7)}) | this tree (${head.slice(0, 7)}${dirty ? '+' : ''}) | this tree vs ${against} | better is | CPU ratio, ${against} | CPU ratio, this tree | CPU, this tree vs ${against} |`,
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.id} | ${fmt(row.ref)} | ${fmt(row.head)} | ${row.relative === undefined ? `failed: ${row.errors.join('; ')}` : verdict(row.relative)} | ${row.lowerIsBetter ? 'lower' : 'higher'} | ${fmt(row.refCpu)} | ${fmt(row.headCpu)} | ${verdict(row.cpuRelative)} |`,
    ),
  ];
  const loadLine = `Load average (1 min) before each run: ${loads.map((load) => `${load.side}#${load.round + 1} ${load.before.toFixed(1)}`).join(', ')}.`;
  const report = [
    `Each cell is the figure's ratio to its own baseline in that run (${short ? '--short' : 'full'} settings, median of ${rounds} run(s) per tree, the order alternating); "this tree vs ${against}" is this tree's ratio relative to ${against}'s, 1 or more meaning no worse. The CPU ratios (the subject's CPU per request or call against its baseline's, lower is better) are given where the figure measures them.`,
    '',
    ...lines,
    '',
    loadLine,
  ].join('\n');
  const reports = join(ROOT, 'reports/bench');
  mkdirSync(reports, { recursive: true });
  writeFileSync(
    join(reports, 'compare.json'),
    `${JSON.stringify({ against, commit, head, dirty, short, rounds, loads, rows, runs: sides }, null, 2)}\n`,
  );
  writeFileSync(join(reports, 'compare.md'), `${report}\n`);
  console.log(`\n${report}\n\ncompare: written to reports/bench/compare.md and compare.json`);
} finally {
  if (keep) console.log(`compare: the worktree of ${against} is kept at ${worktree}`);
  else {
    try {
      git('worktree', 'remove', '--force', worktree);
    } catch (error) {
      console.error(`compare: could not remove the worktree ${worktree}: ${error.message}`);
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
