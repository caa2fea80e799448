// Byte budget of the script-tag build, run by CI (`turbo run budget`): gzips dist/affiliate-relay.global.js at
// level 9, prints the size and its share of the budget, and exits 1 when it is over budget or carries zod
// (the browser bundle must never contain it; its schemas live behind @affiliate-relay/core/schemas).
// `node scripts/budget.mjs [file]` measures another file (test/budget.test.ts uses this).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** Bytes after gzip -9. */
const BUDGET_BYTES = 1536;
const file = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(new URL('../dist/affiliate-relay.global.js', import.meta.url));

if (!existsSync(file)) {
  console.error(`budget: ${file} is missing; run the build first`);
  process.exit(1);
}
const code = readFileSync(file);
const gzipped = gzipSync(code, { level: 9 }).length;
const ratio = ((gzipped / BUDGET_BYTES) * 100).toFixed(1);
console.log(
  `budget: ${file.split('/').pop()} is ${gzipped} B gzip -9 (${code.length} B minified), ${ratio}% of ${BUDGET_BYTES} B`,
);

const problems = [];
if (gzipped > BUDGET_BYTES) problems.push(`${gzipped - BUDGET_BYTES} B over the budget of ${BUDGET_BYTES} B`);
// zod's own identifiers survive minification as strings ("ZodError", "$ZodType", "zod"…).
if (/zod/i.test(code.toString('utf8'))) problems.push('it contains zod');
for (const problem of problems) console.error(`budget: FAILED: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);
