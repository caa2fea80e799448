import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import type { QaState } from '../src/qa/state';

export { expect };

/** A request as a fake network received it (see @affiliate-relay/testkit's RecordedRequest). */
export interface Received {
  id: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown> & { [key: string]: unknown };
  rawBody: string;
  status: number;
  response: unknown;
  fault?: string;
}

export interface AvantLinkRecordings {
  requests: Received[];
  clicks: Record<string, unknown>[];
  orders: ({ order: Record<string, unknown> } & Record<string, unknown>)[];
  /** Adjustments the legacy API applied (refunds), without the auth key. */
  adjustments: {
    merchant_id: string;
    transaction_id: string;
    adjustment_amount: string;
    adjustment_type: string;
  }[];
}

export interface AfliteRecordings {
  requests: Received[];
  goals: Record<string, string>[];
  traces: unknown[];
  errors: unknown[];
}

const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshots');

interface Demo {
  /** The fake AvantLink's recordings, exactly as received. */
  avantlink(): Promise<AvantLinkRecordings>;
  /** The fake Aflite's recordings, exactly as received (API key included). */
  aflite(): Promise<AfliteRecordings>;
  /** The console's state for this browser's cookies. */
  state(): Promise<QaState>;
  injectFault(network: 'avantlink' | 'aflite', kind: '503' | 'drop', times: number): Promise<void>;
  /** Opens a page and waits until the script tag has started. */
  open(path: string): Promise<void>;
  /** Adds the cart's items, checks out, and returns the order number the thank-you page shows. */
  checkout(options?: { coupon?: string; country?: string; state?: string }): Promise<string>;
  /** Opens the QA console, waits for it to render, saves a full-page screenshot and returns it. */
  screenshotConsole(name: string): Promise<Buffer>;
  /** Every uncaught exception in the page. */
  pageErrors: Error[];
}

/**
 * Each journey starts from a reset demo (no orders, empty fakes, no faults) and a fresh browser
 * context (no cookies), and fails on any error thrown in a page.
 */
export const test = base.extend<{ demo: Demo }>({
  demo: async ({ page }, use, testInfo) => {
    const reset = await page.request.post('/qa/api/reset', { data: {} });
    expect(reset.ok(), 'the demo resets').toBe(true);
    const pageErrors: Error[] = [];
    page.on('pageerror', (error) => pageErrors.push(error));
    const getJson = async <T>(path: string): Promise<T> => {
      const response = await page.request.get(path);
      expect(response.ok(), `GET ${path}`).toBe(true);
      return (await response.json()) as T;
    };
    await use({
      pageErrors,
      avantlink: () => getJson('/qa/api/fakes/avantlink'),
      aflite: () => getJson('/qa/api/fakes/aflite'),
      state: () => getJson('/qa/api/state'),
      async injectFault(network, kind, times) {
        const response = await page.request.post('/qa/api/fault', { data: { network, kind, times } });
        expect(response.ok(), 'the fault is injected').toBe(true);
      },
      async open(path) {
        await page.goto(path);
        await page.waitForFunction(() => 'AffiliateRelay' in window);
      },
      async checkout(options = {}) {
        await page.goto('/checkout');
        if (options.country) await page.getByLabel('Country').selectOption(options.country);
        if (options.state !== undefined) await page.getByLabel('State or region').fill(options.state);
        if (options.coupon) await page.getByLabel('Coupon code').fill(options.coupon);
        await page.getByRole('button', { name: 'Place order' }).click();
        await page.waitForURL(/\/thank-you\//);
        return (await page.getByTestId('order-id').textContent()) ?? '';
      },
      async screenshotConsole(name) {
        await page.setViewportSize({ width: 1440, height: 900 });
        await openConsole(page);
        // Unfold the newest call a network received, to show its body as received.
        const newest = page.locator(
          '.log-item:has(summary > .chip-avantlink), .log-item:has(summary > .chip-aflite)',
        );
        if ((await newest.count()) > 0) await newest.first().locator('summary').click();
        await page.evaluate(() => window.scrollTo(0, 0));
        const image = await page.screenshot({ fullPage: true });
        await testInfo.attach(`qa-console-${name}`, { body: image, contentType: 'image/png' });
        await mkdir(screenshotDir, { recursive: true });
        await writeFile(join(screenshotDir, `qa-console-${name}.png`), image);
        return image;
      },
    });
    expect(pageErrors, 'no error was thrown in a page').toEqual([]);
  },
});

/** Opens the console and waits until it has rendered the state. */
export async function openConsole(page: Page): Promise<void> {
  await page.goto('/qa');
  await page.waitForSelector('body[data-ready="true"]');
}

/**
 * What the console shows that its docs describe: its headings, column titles and buttons, in page order (the
 * log's lines, which change with every run, left out). docs/qa-console.png carries the shape it was taken with.
 */
export function consoleShape(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('h2, h3, th, button, a.button')]
      .filter((element) => !element.closest('.log-item'))
      .map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

/** Adds a product to the cart from its page. */
export async function addToCart(
  page: Page,
  slug: string,
  options: { variant?: string; quantity?: number } = {},
) {
  await page.goto(`/products/${slug}`);
  if (options.variant) await page.getByLabel('Option').selectOption({ label: options.variant });
  if (options.quantity) await page.getByLabel('Quantity').fill(String(options.quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.waitForURL(/\/cart$/);
}
