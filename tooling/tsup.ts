import type { Options } from 'tsup';

/**
 * The one place where packages choose how they are bundled: ESM + CJS with their own
 * declaration files (`.d.ts` / `.d.cts`), so the `exports` map can give each condition its types.
 */
export function libraryConfig(overrides: Options = {}): Options {
  return {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    outDir: 'dist',
    ...overrides,
  };
}
