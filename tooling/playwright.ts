import type { PlaywrightTestConfig } from '@playwright/test';

/**
 * Debian's Chromium, never a downloaded one (this machine cannot download browsers).
 * The background-networking flags stop Chromium from flooding the closed network with refused
 * connections. Override the binary with CHROMIUM_PATH.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Shared Playwright settings: system Chromium, a JSON report for the CI summary, artifacts on failure. */
export function e2eConfig(overrides: PlaywrightTestConfig = {}): PlaywrightTestConfig {
  return {
    testDir: 'e2e',
    fullyParallel: false,
    workers: 1,
    retries: 0,
    forbidOnly: !!process.env.CI,
    timeout: 30_000,
    reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
    outputDir: 'test-results',
    ...overrides,
    use: {
      browserName: 'chromium',
      launchOptions: chromiumLaunchOptions,
      trace: 'retain-on-failure',
      screenshot: 'only-on-failure',
      ...overrides.use,
    },
  };
}
