import { defineConfig, type Options } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

// How the script tag and the npm main entry are bundled and minified.
const SCRIPT_TAG_SHAPE = {
  // core's code and js-cookie inside the file, so that terser sees the whole program.
  noExternal: ['@affiliate-relay/core', 'js-cookie'],
  // terser after an unminified esbuild bundle: about 140 B gzip smaller than esbuild's own minifier (README).
  // Two passes and inlining only simple functions measured smallest; no `unsafe` option is used.
  minify: 'terser',
  terserOptions: { compress: { passes: 2, inline: 1 } },
  // js-cookie's licence comment stays, where its code is rather than as a block at the end of the file.
  esbuildOptions: (options) => {
    options.legalComments = 'inline';
  },
} satisfies Options;

export default defineConfig([
  // npm build (ESM + CJS + types), the main entry: debug logging compiled out, as in the script tag, so a
  // shop's production bundle carries none of it. Built like the script tag: core's code and js-cookie inside,
  // minified by terser, because a shop's bundler keeps terser's work: `init` bundled by esbuild came out 149 B
  // gzip smaller this way than from an unminified build importing core and js-cookie (BENCHMARKS.md, npm
  // bundle). The types still import core's (a dependency); source maps ship beside the code.
  libraryConfig({
    define: { __AR_DEBUG_BUILD__: 'false' },
    ...SCRIPT_TAG_SHAPE,
    // The configs build into dist/ at once: leave the other entries alone when cleaning.
    clean: [
      '!affiliate-relay*.global.js',
      '!affiliate-relay.global.sri.json',
      '!debug.*',
      '!consent.*',
      '!handoff.*',
    ],
  }),
  // npm build of `@affiliate-relay/browser/consent` (the consent sources), built as the main entry. A config of
  // its own with clean off, as the debug entry: tsup's declaration step of a cleaning config removes every
  // .d.ts in dist/, whatever the clean patterns say, so only the first config may clean.
  libraryConfig({
    entry: { consent: 'src/consent/index.ts' },
    define: { __AR_DEBUG_BUILD__: 'false' },
    ...SCRIPT_TAG_SHAPE,
    clean: false,
  }),
  // npm build of `@affiliate-relay/browser/handoff` (checkouts on another site), built as the consent entry.
  libraryConfig({
    entry: { handoff: 'src/handoff/index.ts' },
    define: { __AR_DEBUG_BUILD__: 'false' },
    ...SCRIPT_TAG_SHAPE,
    clean: false,
  }),
  // npm build of `@affiliate-relay/browser/debug`: the same code with debug logging behind `debug: true`,
  // core and js-cookie inside too but not minified (it is for reading what happens).
  libraryConfig({
    entry: { debug: 'src/debug.ts' },
    define: { __AR_DEBUG_BUILD__: 'true' },
    noExternal: SCRIPT_TAG_SHAPE.noExternal,
    esbuildOptions: SCRIPT_TAG_SHAPE.esbuildOptions,
    clean: false,
  }),
  // Script-tag builds: self-contained, minified files with debug logging compiled out. tsup names an IIFE
  // `[entry].global.js`, so these are dist/affiliate-relay.global.js and, for the consent sources and the
  // hand-off, dist/affiliate-relay.consent.global.js and dist/affiliate-relay.handoff.global.js. Their sizes are checked by `pnpm budget`.
  {
    entry: {
      'affiliate-relay': 'src/global.ts',
      'affiliate-relay.consent': 'src/consent/global.ts',
      'affiliate-relay.handoff': 'src/handoff/global.ts',
    },
    format: ['iife'],
    platform: 'browser',
    // ES2022 browsers only (README, "Size"): 2 B smaller than es2020, which rewrites `??=`.
    target: 'es2022',
    ...SCRIPT_TAG_SHAPE,
    sourcemap: false,
    dts: false,
    clean: false,
    outDir: 'dist',
    define: { __AR_DEBUG_BUILD__: 'false' },
  },
]);
