import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Resolved through the package's own exports map (self-reference), as a shop's server resolves it.
const require = createRequire(join(__dirname, '../package.json'));
const { version } = require('./package.json') as { version: string };

describe('the script-tag build as a package subpath', () => {
  it('resolves @affiliate-relay/browser/script to dist/affiliate-relay.global.js', () => {
    const file = require.resolve('@affiliate-relay/browser/script');
    expect(file).toBe(join(__dirname, '../dist/affiliate-relay.global.js'));
    expect(readFileSync(file, 'utf8')).toContain('AffiliateRelay');
  });

  it('ships a sha384 integrity that matches the built file, and versioned CDN URLs', () => {
    const manifest = require('@affiliate-relay/browser/script-integrity.json') as Record<string, string>;
    const bytes = readFileSync(require.resolve('@affiliate-relay/browser/script'));
    expect(manifest.integrity).toBe(`sha384-${createHash('sha384').update(bytes).digest('base64')}`);
    expect(manifest.unpkg).toBe(
      `https://unpkg.com/@affiliate-relay/browser@${version}/dist/affiliate-relay.global.js`,
    );
    expect(manifest.jsdelivr).toBe(
      `https://cdn.jsdelivr.net/npm/@affiliate-relay/browser@${version}/dist/affiliate-relay.global.js`,
    );
  });

  it('resolves @affiliate-relay/browser/consent-script to the consent script tag, with its integrity', () => {
    const file = require.resolve('@affiliate-relay/browser/consent-script');
    expect(file).toBe(join(__dirname, '../dist/affiliate-relay.consent.global.js'));
    const manifest = require('@affiliate-relay/browser/script-integrity.json') as {
      consent: Record<string, string>;
    };
    const bytes = readFileSync(file);
    expect(manifest.consent.integrity).toBe(`sha384-${createHash('sha384').update(bytes).digest('base64')}`);
    expect(manifest.consent.file).toBe('affiliate-relay.consent.global.js');
    expect(manifest.consent.jsdelivr).toBe(
      `https://cdn.jsdelivr.net/npm/@affiliate-relay/browser@${version}/dist/affiliate-relay.consent.global.js`,
    );
  });

  it('resolves @affiliate-relay/browser/handoff-script to the hand-off script tag, with its integrity', () => {
    const file = require.resolve('@affiliate-relay/browser/handoff-script');
    expect(file).toBe(join(__dirname, '../dist/affiliate-relay.handoff.global.js'));
    const manifest = require('@affiliate-relay/browser/script-integrity.json') as {
      handoff: Record<string, string>;
    };
    const bytes = readFileSync(file);
    expect(manifest.handoff.integrity).toBe(`sha384-${createHash('sha384').update(bytes).digest('base64')}`);
    expect(manifest.handoff.file).toBe('affiliate-relay.handoff.global.js');
  });

  it('computes the hash browsers check (a vector from `openssl dgst -sha384 -binary | openssl base64 -A`)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ar-sri-'));
    writeFileSync(join(dir, 'affiliate-relay.global.js'), 'window.x = 1;\n');
    writeFileSync(join(dir, 'affiliate-relay.consent.global.js'), 'window.y = 2;\n');
    const run = spawnSync(process.execPath, [join(__dirname, '../scripts/integrity.mjs'), dir], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'affiliate-relay.global.sri.json'), 'utf8'));
    expect(manifest.integrity).toBe(
      'sha384-C+TP8P7cxkNAjm94/zEucEBFGRNnYhxd3TnV1nw3sV3b0MaCVyykkzvv6t+AvXj4',
    );
    expect(manifest.consent.integrity).toBe(
      'sha384-Vf6SLn0zt8o8PxYLqiPoYiSf8oCBQ0qoV3eBDHJHzn59mcTKP/TWZfgl81lWayNg',
    );
  });
});
