// Takes each example as a shop would: copies its folder, and nothing else, to the system's temp folder (outside the
// workspace), installs it with its own package.json from the four packed tarballs (scripts/lib/tarballs.mjs; the
// rest from the pnpm store or the npm registry), then runs its own `typecheck` and `test` scripts there.
// Before that it checks each manifest: every @affiliate-relay/* dependency is the exact version of the package in
// this repository (what a copy installs from the registry once released: never `workspace:`, `file:` or `link:`),
// and the test helper, a copy in every example, is the same file in all of them.
// Exits non-zero on any failure. Pass --keep to keep the temp folder, --only NAME to take one example,
// --sync to write the packages' current version into the examples' manifests (after `changeset version`).

import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { INSTALL_ARGS, PACKAGES, packTarballs, root, writePinnedManifest } from './lib/tarballs.mjs';

const EXAMPLES = ['express', 'fastify', 'hono', 'nextjs', 'stripe-checkout', 'shopify', 'paypal'];
/** What the copy leaves behind: what an install, a build or a test run writes. */
const SKIP = new Set([
  'node_modules',
  '.next',
  'reports',
  'dist',
  '.turbo',
  '.affiliate-relay',
  'next-env.d.ts',
]);
/** The test helper each example carries (the same file in all of them, this check compares them). */
const HELPER = 'test/shop-journeys.ts';
const FIELDS = ['dependencies', 'devDependencies'];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const examples = only ? EXAMPLES.filter((name) => name === only) : EXAMPLES;
const versions = Object.fromEntries(
  PACKAGES.map((name) => [
    `@affiliate-relay/${name}`,
    JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version,
  ]),
);
const manifestOf = (name) => JSON.parse(readFileSync(join(root, 'examples', name, 'package.json'), 'utf8'));

if (args.includes('--sync')) {
  for (const name of EXAMPLES) {
    const manifest = manifestOf(name);
    for (const field of FIELDS)
      for (const dep of Object.keys(manifest[field] ?? {}))
        if (versions[dep]) manifest[field][dep] = versions[dep];
    writeFileSync(join(root, 'examples', name, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  console.log(`examples-check: the examples now depend on ${JSON.stringify(versions)}`);
  process.exit(0);
}

const failures = [];
for (const name of examples) {
  const manifest = manifestOf(name);
  for (const field of FIELDS) {
    for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
      if (versions[dep] && spec !== versions[dep])
        failures.push(
          `examples/${name}: ${field}.${dep} is "${spec}": a copy installs it from the registry, so it must be the package's version, "${versions[dep]}" (node scripts/check-examples.mjs --sync)`,
        );
      else if (/^(workspace|file|link):/.test(spec))
        failures.push(`examples/${name}: ${field}.${dep} is "${spec}", which a copy cannot install`);
    }
  }
}
const helpers = examples.map((name) => {
  try {
    return readFileSync(join(root, 'examples', name, HELPER), 'utf8');
  } catch {
    failures.push(`examples/${name}: no ${HELPER}`);
    return undefined;
  }
});
for (const [i, name] of examples.entries())
  if (helpers[i] !== undefined && helpers[0] !== undefined && helpers[i] !== helpers[0])
    failures.push(
      `examples/${name}/${HELPER} differs from examples/${examples[0]}/${HELPER}: keep the copies equal`,
    );

const dir = mkdtempSync(join(tmpdir(), 'affiliate-relay-examples-'));
try {
  const ours = packTarballs(join(dir, 'tarballs'));
  // Two copies at a time (an install waits on the network and the disk, a typecheck on the CPU): each prints its
  // line when done, in the order they finish.
  const queue = [...examples];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const { problems, line } = await checkCopy(name, dir, ours);
      failures.push(...problems);
      console.log(line);
    }
  };
  await Promise.all([worker(), worker()]);
} catch (error) {
  failures.push(String(error?.stderr || error?.stack || error));
} finally {
  if (args.includes('--keep')) console.log(`  kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

for (const failure of failures) console.error(`examples-check: ${failure}`);
console.log(`examples-check: ${failures.length === 0 ? 'passed' : `${failures.length} failed`}`);
process.exit(failures.length === 0 ? 0 : 1);

/** Copies one example out, installs it from the tarballs, runs its typecheck and tests: its problems and its line. */
async function checkCopy(name, dir, ours) {
  const problems = [];
  const copy = join(dir, name);
  const started = Date.now();
  cpSync(join(root, 'examples', name), copy, {
    recursive: true,
    filter: (source) => !SKIP.has(source.split('/').at(-1)) && !source.endsWith('.tsbuildinfo'),
  });
  const files = readdirSync(copy);
  try {
    writePinnedManifest(copy, manifestOf(name), ours);
    await runAsync('pnpm', INSTALL_ARGS, copy);
  } catch (error) {
    problems.push(`examples/${name}: install failed: ${error.stderr || error.stdout || error}`);
    return { problems, line: `  examples/${name}: FAILED (install) in the copy, ${Date.now() - started} ms` };
  }
  for (const script of ['typecheck', 'test']) {
    try {
      // CI=1: vitest runs once and prints plainly; NEXT_TELEMETRY_DISABLED: nothing past loopback.
      await runAsync('pnpm', ['run', script], copy, {
        CI: '1',
        NEXT_TELEMETRY_DISABLED: '1',
        FORCE_COLOR: '0',
      });
    } catch (error) {
      const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
      problems.push(`examples/${name}: \`pnpm run ${script}\` failed in the copy:\n${output}`);
    }
  }
  let tests = 'no test report';
  try {
    const report = JSON.parse(readFileSync(join(copy, 'reports/vitest.json'), 'utf8'));
    tests = `${report.numPassedTests} tests passed, ${report.numFailedTests} failed`;
    if (report.numPassedTests === 0) problems.push(`examples/${name}: its test ran no test in the copy`);
  } catch {
    if (problems.length === 0) problems.push(`examples/${name}: no reports/vitest.json in the copy`);
  }
  const outcome = problems.length === 0 ? `typecheck passed, ${tests}` : `FAILED (${tests})`;
  return {
    problems,
    line: `  examples/${name} (${files.join(', ')}): ${outcome} in the copy, ${Date.now() - started} ms`,
  };
}

function runAsync(command, args, cwd, env) {
  return promisify(execFile)(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}
