import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The published entries, as `exports` names them (turbo builds the package before its tests): the root, `./store`,
// `./clients` and `./checkout`, each as ES module and CommonJS. Their shared code is in chunks beside them.
const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const subpaths = ['.', './store', './clients', './checkout'];
const entries = subpaths.flatMap((subpath) => [
  manifest.exports[subpath].import.default as string,
  manifest.exports[subpath].require.default as string,
]);

const STATIC =
  /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^(?:var \w+ = )?require\(["']([^"']+)["']\)/gm;
const ANY = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** The packages an entry loads: its own specifiers and those of the chunks it loads, followed (`./chunk-….js`). */
function loads(entry: string, pattern: RegExp): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const specifier = (match[1] ?? match[2])!;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(join(root, entry));
  return [...packages].sort();
}

describe.each(entries)('the published entry %s', (entry) => {
  const imported = loads(entry, ANY);

  it('loads no Node-only module, so it runs on edge runtimes (Workers, Next.js edge) too', () => {
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((specifier) => specifier.startsWith('node:'))).toEqual([]);
  });

  it('never loads pg (an optional peer, passed in by the shop) nor any HTTP library', () => {
    expect(imported).not.toContain('pg');
    expect(imported).not.toContain('ky');
    expect(
      imported.filter((specifier) => !['@affiliate-relay/core/schemas', 'zod'].includes(specifier)),
    ).toEqual(['@affiliate-relay/core']);
  });
});

describe('the published ES module entry', () => {
  it('imports only core up front: zod and core/schemas are loaded on first use (BENCHMARKS.md, cold import)', () => {
    expect(loads(manifest.exports['.'].import.default, STATIC)).toEqual(['@affiliate-relay/core']);
    expect(loads(manifest.exports['.'].import.default, ANY)).toEqual([
      '@affiliate-relay/core',
      '@affiliate-relay/core/schemas',
      'zod',
    ]);
  });
});
