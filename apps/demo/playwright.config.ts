import { defineConfig } from '@playwright/test';
import { e2eConfig } from '../../tooling/playwright';

/** A fixed high port for the demo under test, away from the default 4310 a person may be using. */
const PORT = Number(process.env.DEMO_E2E_PORT ?? 43_117);

// Journeys run against the demo as `pnpm run demo` starts it, on its embedded fake networks.
export default defineConfig({
  ...e2eConfig({
    use: { baseURL: `http://127.0.0.1:${PORT}`, viewport: { width: 1280, height: 900 } },
  }),
  webServer: {
    command: 'pnpm exec tsx src/main.ts',
    url: `http://127.0.0.1:${PORT}/qa/api/state`,
    env: {
      DEMO_PORT: String(PORT),
      // Journeys are about the fakes: no real network may be configured from the caller's shell.
      AVANTLINK_MERCHANT_ID: '',
      AVANTLINK_BASE_URL: '',
      AFLITE_API_KEY: '',
      AFLITE_MERCHANT_ID: '',
      AFLITE_GOAL_ID: '',
      AFLITE_BASE_URL: '',
      AFLITE_TRACE_ONLY: '',
      COOKIE_SECRET: '',
    },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
