import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test starts the shop and the fake networks on 127.0.0.1: seconds, not milliseconds, on a busy machine.
    testTimeout: 15_000,
    hookTimeout: 60_000,
    // reports/vitest.json is what this repository's CI adds up (scripts/summarize.mjs); a shop can drop it.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
