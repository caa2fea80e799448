import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ar-budget-'));
const GOAL = 1536;
// The ceiling as the script states it (a number, or the name of another constant such as LIMIT_BYTES), so that
// changing it (with a reason) does not need this test edited.
const script = readFileSync(join(__dirname, '../scripts/budget.mjs'), 'utf8');
const constant = (name: string): number => {
  const value = new RegExp(`const ${name} = (\\w+);`).exec(script)?.[1] ?? '';
  if (!value) return Number.NaN;
  return /^\d+$/.test(value) ? Number(value) : constant(value);
};
const CEILING = constant('REGRESSION_CEILING_BYTES');

function budget(name: string, content: string | Buffer) {
  const file = join(dir, name);
  writeFileSync(file, content);
  const run = spawnSync(process.execPath, [join(__dirname, '../scripts/budget.mjs'), file], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, output: run.stdout + run.stderr };
}

/** A script that gzip cannot shrink much: hex of a hash chain, the same bytes on every run. */
function incompressible(hexLength: number): string {
  let hex = '';
  for (let i = 0; hex.length < hexLength; i++) hex += createHash('sha256').update(String(i)).digest('hex');
  return `var x="${hex.slice(0, hexLength)}"`;
}

const gzipSize = (content: string) => gzipSync(content, { level: 9 }).length;

/** What the script measures: the larger of zlib's and GNU gzip's (`gzip -9 -c FILE`, the name in its header). */
function measuredSize(name: string, content: string): number {
  const file = join(dir, name);
  writeFileSync(file, content);
  const gnu = spawnSync('gzip', ['-9', '-c', file]);
  expect(gnu.status).toBe(0);
  return Math.max(gzipSize(content), gnu.stdout.length);
}

/** The first incompressible script whose measured size, under `name`, is over `above` and at most `atMost`. */
function incompressibleBetween(above: number, atMost: number, name: string) {
  for (let hexLength = 100; ; hexLength += 10) {
    const content = incompressible(hexLength);
    // GNU gzip packs this hex about 11 % worse than zlib, and adds the file name: far below the range, skip the
    // slow measure.
    if (gzipSize(content) * 1.12 + 40 <= above) continue;
    const size = measuredSize(name, content);
    if (size > above && size <= atMost) return { content, size };
    if (size > atMost) throw new Error(`no input between ${above} and ${atMost} B`);
  }
}

describe('scripts/budget.mjs', () => {
  it('reads the ceiling the script states', () => {
    expect(CEILING).toBe(3136);
  });

  it('passes a small script and says it meets the 1,536 B goal, with its gzip size and share', () => {
    const { status, output } = budget('small.js', 'window.AffiliateRelay={};'.repeat(10));
    expect(status).toBe(0);
    expect(output).toMatch(/small\.js is \d+ B gzip -9 \(zlib \d+ B, GNU gzip \d+ B; 250 B minified\)/);
    expect(output).toMatch(/goal of 1536 B met \(\d+\.\d% of it\)/);
    expect(output).not.toContain('NOT MET');
  });

  it('passes a script between the goal and the regression ceiling, but says plainly that the goal is not met', () => {
    const { content, size } = incompressibleBetween(GOAL, CEILING - 64, 'between.js');
    // The input itself must sit between the two limits, or this test proves nothing.
    expect(size).toBeGreaterThan(GOAL);
    expect(size).toBeLessThanOrEqual(CEILING);
    const { status, output } = budget('between.js', content);
    expect(status).toBe(0);
    expect(output).toContain(`is ${size} B gzip -9`);
    expect(output).toContain(
      `goal of 1536 B NOT MET: ${size - GOAL} B over, ${((size / GOAL) * 100).toFixed(1)}%`,
    );
    expect(output).toContain(`regression ceiling ${CEILING} B`);
    expect(output).not.toContain('FAILED');
  });

  it('fails when the gzipped script grows past the regression ceiling', () => {
    const { content, size } = incompressibleBetween(CEILING + 10, CEILING + 200, 'big.js');
    expect(size).toBeGreaterThan(CEILING);
    const { status, output } = budget('big.js', content);
    expect(status).toBe(1);
    expect(output).toContain(
      `FAILED: ${size - CEILING} B over the regression ceiling of ${CEILING} B: the script grew`,
    );
  });

  it('asks for a lower ceiling when the script is well under it', () => {
    const { output } = budget('small.js', 'window.AffiliateRelay={};'.repeat(10));
    expect(output).toMatch(/lower REGRESSION_CEILING_BYTES to 64 B/);
    const near = incompressibleBetween(CEILING - 64, CEILING, 'near.js');
    expect(near.size).toBeGreaterThan(CEILING - 64);
    expect(near.size).toBeLessThanOrEqual(CEILING);
    expect(budget('near.js', near.content).output).not.toContain('lower REGRESSION_CEILING_BYTES');
  });

  it("measures with zlib and GNU gzip -9 and takes the larger: GNU gzip's, with the file name in its header", () => {
    const content = 'window.AffiliateRelay={};'.repeat(10);
    const name = `a-long-file-name-that-gnu-gzip-stores-in-its-header-${'x'.repeat(40)}.js`;
    const size = measuredSize(name, content);
    expect(size).toBeGreaterThan(gzipSize(content) + name.length);
    const { output } = budget(name, content);
    expect(output).toContain(`is ${size} B gzip -9 (zlib ${gzipSize(content)} B, GNU gzip ${size} B;`);
  });

  it("says whether the script is within issue 11's limit of 3,072 B", () => {
    expect(budget('small.js', 'window.AffiliateRelay={};'.repeat(10)).output).toContain(
      'limit of 3072 B met',
    );
    const { content, size } = incompressibleBetween(3072, 3072 + 60, 'over.js');
    expect(budget('over.js', content).output).toContain(`limit of 3072 B NOT MET: ${size - 3072} B over`);
  });

  it('fails when the script carries zod', () => {
    const { status, output } = budget('zod.js', 'class e extends Error{name="ZodError"}');
    expect(status).toBe(1);
    expect(output).toContain('FAILED: zod.js contains zod');
  });

  it('fails when the build is missing', () => {
    const run = spawnSync(
      process.execPath,
      [join(__dirname, '../scripts/budget.mjs'), join(dir, 'none.js')],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('run the build first');
  });
});

describe('scripts/budget.mjs --consent', () => {
  const LIMIT = Number(/const CONSENT_LIMIT_BYTES = (\d+);/.exec(script)?.[1]);

  function consentBudget(name: string, content: string) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const run = spawnSync(process.execPath, [join(__dirname, '../scripts/budget.mjs'), '--consent', file], {
      encoding: 'utf8',
    });
    return { status: run.status, output: run.stdout + run.stderr };
  }

  it("holds the consent sources to issue 21's 1,024 B", () => {
    expect(LIMIT).toBe(1024);
  });

  it('passes a consent script within the limit, with no goal line', () => {
    const { content, size } = incompressibleBetween(LIMIT - 64, LIMIT, 'consent-near.js');
    const { status, output } = consentBudget('consent-near.js', content);
    expect(status).toBe(0);
    expect(output).toContain(`is ${size} B gzip -9`);
    expect(output).toContain(`limit of ${LIMIT} B met`);
    expect(output).not.toContain('goal');
  });

  it('fails a consent script over the limit', () => {
    const { content, size } = incompressibleBetween(LIMIT, LIMIT + 100, 'consent-big.js');
    const { status, output } = consentBudget('consent-big.js', content);
    expect(status).toBe(1);
    expect(output).toContain(`FAILED: ${size - LIMIT} B over the regression ceiling of ${LIMIT} B`);
  });

  it('measures the built consent files by default, beside the main script', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '../scripts/budget.mjs')], { encoding: 'utf8' });
    expect(run.stdout).toMatch(/affiliate-relay\.global\.js is \d+ B/);
    expect(run.stdout).toMatch(/affiliate-relay\.consent\.global\.js is \d+ B/);
    expect(run.stdout).toMatch(/consent\.js is \d+ B/);
    expect(run.status).toBe(0);
  });
});
