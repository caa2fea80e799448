import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The published entries, as the package's `exports` map names them (turbo builds core before its tests).
const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

async function bundle(specifier: string, entryCode: string) {
  const result = await build({
    stdin: { contents: entryCode, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    alias: {
      [specifier]: `${root}${manifest.exports[specifier.replace('@affiliate-relay/core', '.')].import.default}`,
    },
    logLevel: 'silent',
  });
  return { inputs: Object.keys(result.metafile.inputs), code: result.outputFiles[0]!.text };
}

describe('bundles', () => {
  it('the root entry pulls in no zod, even when everything is imported', async () => {
    const { inputs, code } = await bundle(
      '@affiliate-relay/core',
      "import * as core from '@affiliate-relay/core'; globalThis.keep = core;",
    );
    expect(inputs.some((input) => input.includes('node_modules'))).toBe(false);
    expect(inputs.some((input) => input.includes('/zod/'))).toBe(false);
    expect(code).not.toMatch(/ZodError|zod/i);
  });

  it('the schemas entry does pull in zod (so the check above can fail)', async () => {
    const { inputs } = await bundle(
      '@affiliate-relay/core/schemas',
      "import * as s from '@affiliate-relay/core/schemas'; globalThis.keep = s;",
    );
    expect(inputs.some((input) => input.includes('/zod/'))).toBe(true);
  });
});
