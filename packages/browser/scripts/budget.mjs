// Size check of the script-tag builds, run by CI (`turbo run budget`): gzips dist/affiliate-relay.global.js at
// level 9 twice, with Node's zlib and with GNU gzip (`gzip -9 -c FILE`, as the issue and the before-stop check
// measure it: GNU gzip stores the file name in its header, about 26 B for this file), takes the LARGER of the two,
// prints it against the goal and the limit, and exits 1 when the script is past the regression ceiling, carries zod
// (the browser bundle must never contain it; its schemas live behind @affiliate-relay/core/schemas), or when GNU
// gzip is missing. Missing the goal alone does not fail: it is printed, plainly.
// Then the consent sources (issue 21), measured the same way: the script tag dist/affiliate-relay.consent.global.js
// and the npm entry dist/consent.js must each stay within CONSENT_LIMIT_BYTES, or the check fails; the hand-off
// entry (issue 22), dist/affiliate-relay.handoff.global.js and dist/handoff.js, within HANDOFF_LIMIT_BYTES.
// `node scripts/budget.mjs [file]` measures another file against the main script's limits, and
// `node scripts/budget.mjs --consent file` against the consent limit (test/budget.test.ts uses both).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The first size goal for the script-tag build (issue 3), in bytes after gzip -9. Not met: see the README. */
const GOAL_BYTES = 1536;

/** Issue 11's limit for the script tag with its attribution-accuracy fixes, in bytes after gzip -9. */
const LIMIT_BYTES = 3072;

/** Issue 21's allowance for the script tag that tells the server about a withdrawal of consent, in bytes. */
const ISSUE_21_LIMIT_BYTES = 3136;

/**
 * Regression ceiling, in bytes after gzip -9 (the larger measure): the build fails above it. NOTE: a guard against
 * growth, not a pass mark; lower it when the script shrinks (the check says when), raise it only with a reason
 * written here. It is LIMIT_BYTES since 2026-11-28 (3,070 B measured): the script may not grow past issue 11's
 * limit. Since 2026-12-08 it is ISSUE_21_LIMIT_BYTES (3,126 B measured): issue 21 allows up to 3,136 B when
 * telling the server about a withdrawal of consent cannot fit in 3,072 B, and it could not: the withdrawal beacon
 * costs 39 B, the consent source in the beacon 8 B, and finding the script's own tag past the consent tag's 9 B.
 * Why the goal of 1,536 B is out of reach (js-cookie alone is about 800 B) is in the README; how the size changed
 * is in the changesets.
 */
const REGRESSION_CEILING_BYTES = ISSUE_21_LIMIT_BYTES;

/**
 * Issue 21's limit for the consent sources, in bytes after gzip -9 (the larger measure), each of the script tag
 * and the npm entry: a ceiling too (the check fails above it). 1,016 B and 984 B measured on 2026-12-07.
 */
const CONSENT_LIMIT_BYTES = 1024;

/**
 * Issue 22's limit for the hand-off entry (checkouts on another site), in bytes after gzip -9 (the larger
 * measure), each of the script tag and the npm entry: a ceiling too.
 */
const HANDOFF_LIMIT_BYTES = 1024;

const dist = (name) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
const consentOnly = process.argv[2] === '--consent';
const argument = process.argv[consentOnly ? 3 : 2];
const MAIN = { goal: GOAL_BYTES, limit: LIMIT_BYTES, ceiling: REGRESSION_CEILING_BYTES };
const CONSENT = { limit: CONSENT_LIMIT_BYTES, ceiling: CONSENT_LIMIT_BYTES };
const HANDOFF = { limit: HANDOFF_LIMIT_BYTES, ceiling: HANDOFF_LIMIT_BYTES };
const checks = argument
  ? [[resolve(argument), consentOnly ? CONSENT : MAIN]]
  : [
      [dist('affiliate-relay.global.js'), MAIN],
      [dist('affiliate-relay.consent.global.js'), CONSENT],
      [dist('consent.js'), CONSENT],
      [dist('affiliate-relay.handoff.global.js'), HANDOFF],
      [dist('handoff.js'), HANDOFF],
    ];

const problems = [];
for (const [file, limits] of checks) problems.push(...measure(file, limits));
for (const problem of problems) console.error(`budget: FAILED: ${problem}`);
process.exit(problems.length > 0 ? 1 : 0);

/** Measures one file, prints it against its limits, and returns what fails. */
function measure(file, { goal, limit, ceiling }) {
  if (!existsSync(file)) return [`${file} is missing; run the build first`];
  const code = readFileSync(file);
  const zlibBytes = gzipSync(code, { level: 9 }).length;
  const gnu = spawnSync('gzip', ['-9', '-c', file]);
  const gnuBytes = gnu.status === 0 ? gnu.stdout.length : undefined;
  const gzipped = Math.max(zlibBytes, gnuBytes ?? 0);
  const percent = (bytes) => `${((gzipped / bytes) * 100).toFixed(1)}%`;
  const name = file.split('/').pop();

  console.log(
    `budget: ${name} is ${gzipped} B gzip -9 (zlib ${zlibBytes} B, GNU gzip ${gnuBytes ?? '-'} B; ${code.length} B minified)`,
  );
  if (goal !== undefined)
    console.log(
      gzipped <= goal
        ? `budget: goal of ${goal} B met (${percent(goal)} of it)`
        : `budget: goal of ${goal} B NOT MET: ${gzipped - goal} B over, ${percent(goal)} of it`,
    );
  console.log(
    gzipped <= limit
      ? `budget: limit of ${limit} B met`
      : `budget: limit of ${limit} B NOT MET: ${gzipped - limit} B over`,
  );
  console.log(`budget: regression ceiling ${ceiling} B (${percent(ceiling)} of it)`);
  // A ceiling far above the script would let it grow unnoticed.
  if (gzipped <= ceiling - 64) {
    const lower = (Math.floor(gzipped / 64) + 1) * 64;
    console.log(`budget: the script is well under the ceiling: lower REGRESSION_CEILING_BYTES to ${lower} B`);
  }

  const found = [];
  if (gnuBytes === undefined)
    found.push('GNU gzip did not run (`gzip -9 -c` is part of the measure): install gzip');
  if (gzipped > ceiling)
    found.push(`${gzipped - ceiling} B over the regression ceiling of ${ceiling} B: the script grew`);
  // zod's own identifiers survive minification as strings ("ZodError", "$ZodType", "zod"…).
  if (/zod/i.test(code.toString('utf8'))) found.push(`${name} contains zod`);
  return found;
}
