// Adds up every runner's JSON report (a package's `test:node22` suite counts again, from its Node 22 report)
// and every check step into one closing line that CI reads: `N passed, N failed, N skipped`. Exits non-zero on any failure, a missing report, or zero tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const dir of ['packages', 'apps', 'examples']) {
  if (!existsSync(join(root, dir))) continue;
  for (const name of readdirSync(join(root, dir))) {
    const pkgDir = join(root, dir, name);
    const manifest = join(pkgDir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (scripts.test) count(`${dir}/${name} vitest`, join(pkgDir, 'reports/vitest.json'), vitest);
    // The suites scripts/test.sh runs a second time on Node 22 (the lowest supported line).
    if (scripts['test:node22']) {
      count(`${dir}/${name} vitest on Node 22`, join(pkgDir, 'reports/vitest-node22.json'), vitest);
    }
    if (scripts.e2e) count(`${dir}/${name} playwright`, join(pkgDir, 'reports/playwright.json'), playwright);
  }
}

const stepsFile = join(root, 'reports/steps.txt');
const steps = existsSync(stepsFile) ? readFileSync(stepsFile, 'utf8').trim().split('\n').filter(Boolean) : [];
for (const line of steps) {
  const [name, outcome] = line.split(' ');
  if (outcome === 'passed') passed += 1;
  else {
    failed += 1;
    problems.push(`step ${name} failed`);
  }
  console.log(`  check ${name}: ${outcome}`);
}

function count(label, file, read) {
  if (!existsSync(file)) {
    failed += 1;
    problems.push(`${label}: no report at ${file}`);
    return;
  }
  const r = read(JSON.parse(readFileSync(file, 'utf8')));
  passed += r.passed;
  failed += r.failed;
  skipped += r.skipped;
  console.log(`  ${label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  if (r.passed + r.failed === 0) problems.push(`${label}: ran no test`);
}

function vitest(report) {
  // A file that fails to load has no assertions but is still a failure.
  const brokenFiles = report.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwright(report) {
  const s = report.stats;
  return {
    passed: s.expected + s.flaky,
    failed: s.unexpected + (report.errors?.length ?? 0),
    skipped: s.skipped,
  };
}

for (const problem of problems) console.log(`  problem: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems.length > 0 || passed === 0 ? 1 : 0);
