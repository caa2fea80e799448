// Fails when a direct dependency (dependencies, devDependencies, peerDependencies, optionalDependencies of
// every package.json, and the packageManager pin) allows no version of the registry's current major, unless
// KEPT_BACK below says why. The registry's answer is the `latest` dist-tag (what `npm view NAME version`
// prints), read from the registry npm is configured with, all packages at once (one `npm view` per package
// took over 2 minutes here).
// A major line is the first non-zero part: 5.1.2 is line 5, 0.27.7 is line 0.27 (a 0.x minor is breaking).
//
// Usage: node scripts/check-majors.mjs   (run by scripts/test.sh as the step `majors`)
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

/**
 * Dependencies held on an older major on purpose. Each entry is valid only while the registry's latest
 * major line is `latest`: a newer one makes the check fail again, so the decision is made again.
 */
const KEPT_BACK = {
  '@types/node': {
    latest: '26',
    reason:
      'the types of the lowest Node the packages support (engines >=22.13): code that must run on Node 22 ' +
      'cannot use a newer API unnoticed. Move with the lowest supported line.',
  },
  typescript: {
    latest: '7',
    reason:
      'TypeScript 7 (the native compiler) has no compiler API, and tsup 9.0.0 builds declarations with it ' +
      '(fails with "parseJsonConfigFileContent is not a function", even with @typescript/typescript6 ' +
      'installed). 6.0.3 is the newest that builds. Revisit with a tsup (or tsdown) that supports TS 7.',
  },
  pnpm: {
    latest: '12',
    reason:
      'moving from 10 rewrites pnpm-lock.yaml and the build-script settings in pnpm-workspace.yaml while ' +
      'several branches change the lockfile; to be done on its own, after they land.',
  },
};

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const root = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

/** The major line of a version: `5` for 5.1.2, `0.27` for 0.27.7. */
export function lineOf(version) {
  const [major = '0', minor = '0'] = version.replace(/^[^\d]*/, '').split('.');
  return major === '0' ? `0.${minor}` : major;
}

/** Compares two major lines: negative when `a` is older. */
export function compareLines(a, b) {
  const [aMajor, aMinor = 0] = a.split('.').map(Number);
  const [bMajor, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/**
 * The newest major line a range allows, or `null` when it has no upper bound (`>=8`, `*`, `latest`).
 * `^2.10.0 || ^3.0.0` allows line 3; `8.23.1` and `~8.23.0` allow line 8.
 */
export function newestLineAllowed(range) {
  let newest;
  for (const part of range.split('||').map((p) => p.trim())) {
    if (part === '' || part === '*' || part === 'latest' || /^>=?[^<]*$/.test(part)) return null;
    const version = part.match(/\d+(\.(\d+|x|\*))?/)?.[0];
    if (!version) return null;
    const line = lineOf(version.replace(/[x*]/g, '0'));
    if (newest === undefined || compareLines(line, newest) > 0) newest = line;
  }
  return newest ?? null;
}

function manifests() {
  const files = [join(root, 'package.json')];
  for (const dir of ['packages', 'apps', 'examples']) {
    for (const name of readdirSync(join(root, dir))) {
      const file = join(root, dir, name, 'package.json');
      if (existsSync(file)) files.push(file);
    }
  }
  return files;
}

function collect() {
  const entries = [];
  const files = manifests();
  // The workspace's own packages: the examples name them by version (0.0.0, unpublished until the first release),
  // which scripts/check-examples.mjs holds equal to the packages' own.
  const ours = new Set(files.map((file) => JSON.parse(readFileSync(file, 'utf8')).name));
  for (const file of files) {
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const where = relative(root, file);
    for (const section of SECTIONS) {
      for (const [name, range] of Object.entries(manifest[section] ?? {})) {
        if (range.startsWith('workspace:') || ours.has(name)) continue;
        entries.push({ name, range, where: `${where} ${section}` });
      }
    }
    if (manifest.packageManager) {
      const [name, version] = manifest.packageManager.split('@');
      entries.push({ name, range: version.split('+')[0], where: `${where} packageManager` });
    }
  }
  return entries;
}

async function latestVersions(names) {
  const { stdout } = await run('npm', ['config', 'get', 'registry'], { timeout: 60_000 });
  const registry = stdout.trim().replace(/\/?$/, '/');
  const latest = new Map();
  await Promise.all(
    names.map(async (name) => {
      const url = `${registry}-/package/${name.replace('/', '%2f')}/dist-tags`;
      const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const tags = await response.json();
      if (typeof tags.latest !== 'string') throw new Error(`${url} has no latest tag`);
      latest.set(name, tags.latest);
    }),
  );
  return latest;
}

async function main() {
  const entries = collect();
  const names = [...new Set(entries.map((e) => e.name))].sort();
  let latest;
  try {
    latest = await latestVersions(names);
  } catch (error) {
    console.log(`check-majors: the registry did not answer (${error.message.split('\n')[0]})`);
    process.exit(1);
  }
  const problems = [];
  const keptUsed = new Set();
  for (const { name, range, where } of entries) {
    const newest = latest.get(name);
    const current = lineOf(newest);
    const allowed = newestLineAllowed(range);
    const behind = allowed !== null && compareLines(allowed, current) < 0;
    const kept = KEPT_BACK[name];
    let verdict = 'ok';
    if (behind && kept && kept.latest === current) {
      verdict = `kept back: ${kept.reason}`;
      keptUsed.add(name);
    } else if (behind) {
      verdict = `OUT OF DATE: latest is ${newest}`;
      problems.push(`${name} ${range} (${where}) allows no ${current}.x: latest is ${newest}`);
    }
    console.log(`  ${name} ${range} (${where}), latest ${newest}: ${verdict}`);
  }
  for (const name of Object.keys(KEPT_BACK)) {
    if (!keptUsed.has(name)) {
      problems.push(
        `KEPT_BACK.${name} is not needed (up to date, unused, or latest is no longer line ${KEPT_BACK[name].latest}): remove or revise it`,
      );
    }
  }
  for (const problem of problems) console.log(`  problem: ${problem}`);
  console.log(
    `check-majors: ${entries.length} dependency ranges of ${names.length} packages checked against the registry, ` +
      `${keptUsed.size} kept back on purpose, ${problems.length} problem(s)`,
  );
  process.exit(problems.length > 0 ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
