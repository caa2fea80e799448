import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Shared vitest settings. Each package writes a JSON report to `reports/vitest.json` (or to
 * `AR_VITEST_REPORT`: the `test:node22` scripts write `reports/vitest-node22.json`; vitest's
 * `--outputFile.json` does not override a reporter's own `outputFile`), which `scripts/summarize.mjs`
 * adds up into the single `N passed, N failed` line that CI reads.
 */
export function packageTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: process.env.AR_VITEST_REPORT || 'reports/vitest.json' }]],
      testTimeout: 15_000,
      hookTimeout: 30_000,
      ...overrides,
    },
  });
}
