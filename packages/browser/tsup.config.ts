import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tooling/tsup';

export default defineConfig([
  // npm builds (ESM + CJS + types): debug logging is available behind `debug: true`.
  libraryConfig({
    define: { __AR_DEBUG_BUILD__: 'true' },
    // Both configs build into dist/ at once: leave the script-tag build alone when cleaning.
    clean: ['!affiliate-relay.global.js'],
  }),
  // Script-tag build: one self-contained, minified file with debug logging compiled out. tsup names an
  // IIFE `[entry].global.js`, so this is dist/affiliate-relay.global.js. Its size is checked by `pnpm budget`.
  {
    entry: { 'affiliate-relay': 'src/global.ts' },
    format: ['iife'],
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    dts: false,
    clean: false,
    outDir: 'dist',
    noExternal: ['@affiliate-relay/core', 'js-cookie'],
    define: { __AR_DEBUG_BUILD__: 'false' },
  },
]);
