// `pnpm release:dry-run` (a step of scripts/test.sh, so CI runs it): everything a release does short of
// uploading. For each published package it runs `pnpm publish --dry-run` (packs as the release would, with
// `workspace:` versions replaced), then packs the tarball itself and checks what a shop would install:
// every file that package.json points at (main, module, types, unpkg, jsdelivr, each `exports` and
// `typesVersions` target) is inside, LICENSE and README.md are inside, and no `workspace:` specifier is left.
// Exits non-zero on any problem. Needs a build first (`pnpm build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = ['core', 'browser', 'node', 'testkit'];
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Every file path a manifest points at, as written (`./dist/index.js`), without wildcards. */
function referencedFiles(manifest) {
  const found = new Set();
  const walk = (value) => {
    if (typeof value === 'string') found.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const field of ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'exports', 'typesVersions']) {
    walk(manifest[field]);
  }
  return [...found].filter((path) => !path.includes('*')).map((path) => path.replace(/^\.\//, ''));
}

const problems = [];
const dir = mkdtempSync(join(tmpdir(), 'affiliate-relay-release-'));
try {
  for (const name of packages) {
    const cwd = join(root, 'packages', name);
    const label = `@affiliate-relay/${name}`;
    try {
      run('pnpm', ['publish', '--dry-run', '--no-git-checks'], cwd);
    } catch (error) {
      problems.push(`${label}: pnpm publish --dry-run failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      continue;
    }
    const out = join(dir, name);
    run('pnpm', ['pack', '--pack-destination', out], cwd);
    const tarball = join(out, readdirSync(out)[0]);
    const files = new Set(
      run('tar', ['-tzf', tarball], out)
        .split('\n')
        .filter(Boolean)
        .map((path) => path.replace(/^package\//, '')),
    );
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], out));
    const missing = [...referencedFiles(manifest), 'LICENSE', 'README.md'].filter((path) => !files.has(path));
    for (const path of missing) problems.push(`${label}: the tarball lacks ${path}`);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
        if (String(range).startsWith('workspace:'))
          problems.push(`${label}: ${field}.${dep} is still ${range}`);
      }
    }
    if (missing.length === 0)
      console.log(`  ${label}@${manifest.version}: ${files.size} files, every entry present`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

for (const problem of problems) console.error(`release:dry-run: ${problem}`);
console.log(`release:dry-run: ${problems.length === 0 ? 'passed' : `${problems.length} problems`}`);
process.exit(problems.length === 0 ? 0 : 1);
