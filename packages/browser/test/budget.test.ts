import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ar-budget-'));

function budget(name: string, content: string | Buffer) {
  const file = join(dir, name);
  writeFileSync(file, content);
  const run = spawnSync(process.execPath, [join(__dirname, '../scripts/budget.mjs'), file], {
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('scripts/budget.mjs', () => {
  it('passes a small script and prints its gzip size and share of the 1,536 B budget', () => {
    const { status, output } = budget('small.js', 'window.AffiliateRelay={};'.repeat(10));
    expect(status).toBe(0);
    expect(output).toMatch(/small\.js is \d+ B gzip -9 \(250 B minified\), \d+\.\d% of 1536 B/);
  });

  it('fails when the gzipped script grows past the budget', () => {
    // Random bytes do not compress: 2 KB of them is over 1,536 B after gzip.
    const { status, output } = budget('big.js', `var x="${randomBytes(2048).toString('base64')}"`);
    expect(status).toBe(1);
    expect(output).toMatch(/FAILED: \d+ B over the budget of 1536 B/);
  });

  it('fails when the script carries zod', () => {
    const { status, output } = budget('zod.js', 'class e extends Error{name="ZodError"}');
    expect(status).toBe(1);
    expect(output).toContain('FAILED: it contains zod');
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
