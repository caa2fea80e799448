import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The published entries, as `exports` names them (turbo builds the package before its tests).
const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const entries = [manifest.exports['.'].import.default, manifest.exports['.'].require.default] as string[];

describe.each(entries)('the published entry %s', (entry) => {
  const code = readFileSync(`${root}${entry}`, 'utf8');
  const imported = [
    ...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)["']([^"']+)["']/g),
  ].map((m) => m[1]);

  it('loads no Node-only module, so it runs on edge runtimes (Workers, Next.js edge) too', () => {
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((specifier) => specifier?.startsWith('node:'))).toEqual([]);
  });

  it('never loads pg (an optional peer, passed in by the shop) nor any HTTP library', () => {
    expect(imported).not.toContain('pg');
    expect(imported).not.toContain('ky');
    expect([...new Set(imported)].sort()).toEqual([
      '@affiliate-relay/core',
      '@affiliate-relay/core/schemas',
      'zod',
    ]);
  });
});

describe('the published ES module entry', () => {
  const code = readFileSync(`${root}${manifest.exports['.'].import.default}`, 'utf8');

  it('imports only core up front: zod and core/schemas are loaded on first use (BENCHMARKS.md, cold import)', () => {
    const staticImports = [...code.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)].map(
      (m) => m[1],
    );
    expect(staticImports.length).toBeGreaterThan(0);
    expect([...new Set(staticImports)]).toEqual(['@affiliate-relay/core']);
  });
});
