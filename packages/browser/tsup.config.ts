import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

export default defineConfig([
  // npm build (ESM + CJS + types), the main entry: debug logging compiled out, as in the script tag, so a
  // shop's production bundle carries none of it (BENCHMARKS.md, npm bundle).
  libraryConfig({
    define: { __AR_DEBUG_BUILD__: 'false' },
    // The configs build into dist/ at once: leave the other entries alone when cleaning.
    clean: ['!affiliate-relay.global.js', '!affiliate-relay.global.sri.json', '!debug.*'],
  }),
  // npm build of `@affiliate-relay/browser/debug`: the same code with debug logging behind `debug: true`.
  libraryConfig({
    entry: { debug: 'src/debug.ts' },
    define: { __AR_DEBUG_BUILD__: 'true' },
    clean: false,
  }),
  // Script-tag build: one self-contained, minified file with debug logging compiled out. tsup names an
  // IIFE `[entry].global.js`, so this is dist/affiliate-relay.global.js. Its size is checked by `pnpm budget`.
  {
    entry: { 'affiliate-relay': 'src/global.ts' },
    format: ['iife'],
    platform: 'browser',
    // ES2022 browsers only (README, "Size"): 2 B smaller than es2020, which rewrites `??=`.
    target: 'es2022',
    // terser after an unminified esbuild bundle: about 140 B gzip smaller than esbuild's own minifier (README).
    // Two passes and inlining only simple functions measured smallest; no `unsafe` option is used.
    minify: 'terser',
    terserOptions: { compress: { passes: 2, inline: 1 } },
    // js-cookie's licence comment stays, where its code is rather than as a block at the end of the file.
    esbuildOptions: (options) => {
      options.legalComments = 'inline';
    },
    sourcemap: false,
    dts: false,
    clean: false,
    outDir: 'dist',
    noExternal: ['@affiliate-relay/core', 'js-cookie'],
    define: { __AR_DEBUG_BUILD__: 'false' },
  },
]);
