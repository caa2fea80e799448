// `import('@affiliate-relay/node')` in a fresh process against a bare `node -e 0`: both processes are
// spawned from this one, alternating, and each prints its peak RSS (process.resourceUsage().maxRSS)
// as its last act; the time is the spawn's wall time seen from here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { alternate, medians, round } from '../lib/stats.mjs';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const PRINT_RSS = 'process.stdout.write(String(process.resourceUsage().maxRSS))';

function run(code) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', code], {
      cwd: BENCH_DIR,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => {
      const ms = performance.now() - started;
      if (exitCode !== 0) return reject(new Error(`node -e ${code} exited ${exitCode}`));
      resolve({ ms, rssMiB: Number(out) / 1024 });
    });
  });
}

/** The figure: medians over `settings.spawns` fresh processes per side. */
export async function coldImportFigure({ settings, specifier = '@affiliate-relay/node' }) {
  const bare = PRINT_RSS;
  const withImport = `import(${JSON.stringify(specifier)}).then(() => { ${PRINT_RSS} })`;
  await run(bare);
  await run(withImport);
  const samples = await alternate(
    settings.spawns,
    () => run(bare),
    () => run(withImport),
  );
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  return {
    id: 'cold-import',
    title: "`import('@affiliate-relay/node')`, cold process",
    kind: 'process',
    baseline: { name: 'node -e 0', ms: round(base.ms, 1), rssMiB: round(base.rssMiB, 1) },
    subject: { ms: round(subj.ms, 1), rssMiB: round(subj.rssMiB, 1) },
    ratio: round(subj.ms / base.ms, 3),
    ratioMeaning: 'wall time of the process, subject / baseline (lower is better)',
    notes: `${settings.spawns} fresh processes each side, alternating; +${round(subj.ms - base.ms, 1)} ms, +${round(subj.rssMiB - base.rssMiB, 1)} MiB peak RSS`,
    samples,
  };
}
