import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ConversionResult, createRelay, type Relay, type RelayLogger } from '@affiliate-relay/node';
import { createSqliteStore, type DeliveryStore } from '@affiliate-relay/node/store';
import { DEMO_AVANTLINK_LEGACY, type DemoConfig, WINDOW_DAYS } from './config';
import type { Networks } from './networks';

/*
 * The relay as a shop would set it up, pointed at the fakes (or the real networks), on the default
 * durable store: a SQLite file in the demo's data folder (`DEMO_DATA_DIR`, default `.demo-data/` in
 * apps/demo), so that stopping and starting the demo keeps what is pending and every order's
 * explanation, as a shop's server would. The demo keeps the store at hand for the QA console (each
 * order's deliveries); Reset closes the relay, deletes the file and starts a fresh one.
 */

/** Short retries, so that a failing network shows up in seconds rather than a minute. */
const DEMO_RETRY = { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1_000 };
/** A failed delivery is retried after 3 s here, doubling up to 30 s (a real shop keeps 30 s to 1 hour). */
export const RETRY_DELAY_MS = 3_000;

export interface DemoRelay {
  relay: Relay;
  store: DeliveryStore;
  /** The store's file. */
  path: string;
}

/**
 * The demo's data folder: `DEMO_DATA_DIR`, else `.demo-data` under the working directory.
 *
 * @example
 * dataDir(process.env); // '/…/apps/demo/.demo-data'
 */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.DEMO_DATA_DIR || '.demo-data');
}

/** Deletes the store's file (with SQLite's -wal and -shm beside it): Reset. */
export function deleteStoreFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * @example
 * const { relay, store, path } = createDemoRelay(config, networks, activity.logger);
 */
export function createDemoRelay(config: DemoConfig, networks: Networks, logger: RelayLogger): DemoRelay {
  const path = join(dataDir(), 'deliveries.db');
  const store = createSqliteStore({ path });
  const relay = createRelay({
    avantlink: {
      merchantId: config.avantlink.merchantId,
      baseUrl: networks.avantlink.baseUrl,
      retry: DEMO_RETRY,
      timeoutMs: 5_000,
      // Refunds go to the fake's legacy API only: a real commission is never reversed by the demo.
      ...(networks.avantlink.fake
        ? { adjustments: { ...DEMO_AVANTLINK_LEGACY, url: networks.avantlink.fake.legacyApiUrl } }
        : {}),
    },
    aflite: {
      apiKey: config.aflite.apiKey,
      merchantId: config.aflite.merchantId,
      goalId: config.aflite.goalId,
      baseUrl: networks.aflite.baseUrl,
      traceOnly: config.aflite.traceOnly,
      retry: DEMO_RETRY,
      timeoutMs: 5_000,
    },
    // The demo serves plain http: Chromium keeps a Secure cookie on loopback, but not at a LAN address.
    cookie: { secret: config.cookieSecret, secure: false },
    attribution: { policy: 'last-click', windows: { avantlink: WINDOW_DAYS, aflite: WINDOW_DAYS } },
    delivery: { baseDelayMs: RETRY_DELAY_MS, maxDelayMs: 30_000, pollMs: 500 },
    store,
    logger,
  });
  return { relay, store, path };
}

export type { ConversionResult };
