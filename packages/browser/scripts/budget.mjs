// Size check of the script-tag build, run by CI (`turbo run budget`): gzips dist/affiliate-relay.global.js at
// level 9 twice, with Node's zlib and with GNU gzip (`gzip -9 -c FILE`, as the issue and the before-stop check
// measure it: GNU gzip stores the file name in its header, about 26 B for this file), takes the LARGER of the two,
// prints it against the goal and the limit, and exits 1 when the script is past the regression ceiling, carries zod
// (the browser bundle must never contain it; its schemas live behind @affiliate-relay/core/schemas), or when GNU
// gzip is missing. Missing the goal alone does not fail: it is printed, plainly.
// `node scripts/budget.mjs [file]` measures another file (test/budget.test.ts uses this).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The first size goal for the script-tag build (issue 3), in bytes after gzip -9. Not met: see the README. */
const GOAL_BYTES = 1536;

/** Issue 11's limit for the script tag with its attribution-accuracy fixes, in bytes after gzip -9. */
const LIMIT_BYTES = 3072;

/**
 * Regression ceiling, in bytes after gzip -9 (the larger measure): the build fails above it. NOTE: a guard against
 * growth, not a pass mark; lower it when the script shrinks (the check says when), raise it only with a reason
 * written here. It is LIMIT_BYTES since 2026-11-28 (3,070 B measured): the script may not grow past issue 11's
 * limit. Why the goal of 1,536 B is out of reach (js-cookie alone is about 800 B) is in the README; how the size
 * changed is in the changesets.
 */
const REGRESSION_CEILING_BYTES = LIMIT_BYTES;

const file = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(new URL('../dist/affiliate-relay.global.js', import.meta.url));

if (!existsSync(file)) {
  console.error(`budget: ${file} is missing; run the build first`);
  process.exit(1);
}
const code = readFileSync(file);
const zlibBytes = gzipSync(code, { level: 9 }).length;
const gnu = spawnSync('gzip', ['-9', '-c', file]);
const gnuBytes = gnu.status === 0 ? gnu.stdout.length : undefined;
const gzipped = Math.max(zlibBytes, gnuBytes ?? 0);
const percent = (bytes) => `${((gzipped / bytes) * 100).toFixed(1)}%`;

console.log(
  `budget: ${file.split('/').pop()} is ${gzipped} B gzip -9 (zlib ${zlibBytes} B, GNU gzip ${gnuBytes ?? '-'} B; ${code.length} B minified)`,
);
console.log(
  gzipped <= GOAL_BYTES
    ? `budget: goal of ${GOAL_BYTES} B met (${percent(GOAL_BYTES)} of it)`
    : `budget: goal of ${GOAL_BYTES} B NOT MET: ${gzipped - GOAL_BYTES} B over, ${percent(GOAL_BYTES)} of it`,
);
console.log(
  gzipped <= LIMIT_BYTES
    ? `budget: limit of ${LIMIT_BYTES} B met`
    : `budget: limit of ${LIMIT_BYTES} B NOT MET: ${gzipped - LIMIT_BYTES} B over`,
);
console.log(
  `budget: regression ceiling ${REGRESSION_CEILING_BYTES} B (${percent(REGRESSION_CEILING_BYTES)} of it)`,
);
// A ceiling far above the script would let it grow unnoticed.
if (gzipped <= REGRESSION_CEILING_BYTES - 64) {
  const lower = (Math.floor(gzipped / 64) + 1) * 64;
  console.log(`budget: the script is well under the ceiling: lower REGRESSION_CEILING_BYTES to ${lower} B`);
}

const problems = [];
if (gnuBytes === undefined)
  problems.push('GNU gzip did not run (`gzip -9 -c` is part of the measure): install gzip');
if (gzipped > REGRESSION_CEILING_BYTES) {
  problems.push(
    `${gzipped - REGRESSION_CEILING_BYTES} B over the regression ceiling of ${REGRESSION_CEILING_BYTES} B: the script grew`,
  );
}
// zod's own identifiers survive minification as strings ("ZodError", "$ZodType", "zod"…).
if (/zod/i.test(code.toString('utf8'))) problems.push('it contains zod');
for (const problem of problems) console.error(`budget: FAILED: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
