import { defineConfig } from '@playwright/test';
import { e2eConfig } from '../../tooling/playwright';
import type { Build } from './e2e/shop-server';

const builds: Build[] = ['script-tag', 'npm'];

// Every journey runs twice: against dist/affiliate-relay.global.js (script tag) and dist/index.js (npm).
export default defineConfig<{ build: Build }>({
  ...e2eConfig(),
  projects: builds.map((build) => ({ name: build, use: { build } })),
});
