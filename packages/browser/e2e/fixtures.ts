import { test as base, expect, type Page } from '@playwright/test';
import { type Build, type ShopServer, startShopServer } from './shop-server';

export { expect };

export interface Journey {
  /** A URL of the test shop, under this project's build (`/script-tag/…` or `/npm/…`). */
  url(path: string): string;
  server: ShopServer;
  /** Opens a page and waits until the script has started (window.AffiliateRelay exists). */
  open(page: Page, path: string): Promise<void>;
  /** Every `pageerror` (an uncaught exception in the page) seen during the test. */
  pageErrors: Error[];
}

/**
 * `build` is set per Playwright project, so that every journey runs against the script-tag build and the npm
 * build (Sentry's PW_BUNDLE). The shop server lives as long as the worker; each test starts it empty and
 * fails on any page error.
 */
export const test = base.extend<{ build: Build; journey: Journey }, { server: ShopServer }>({
  build: ['script-tag', { option: true }],
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern.
    async ({}, use) => {
      const server = await startShopServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  journey: async ({ build, server, page }, use) => {
    server.reset();
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    const url = (path: string) => `${server.url}/${build}/${path.replace(/^\//, '')}`;
    await use({
      url,
      server,
      pageErrors,
      async open(target, path) {
        await target.goto(url(path));
        await target.waitForFunction(() => 'AffiliateRelay' in window);
      },
    });
    expect(pageErrors, 'no error was thrown into the page').toEqual([]);
  },
});
