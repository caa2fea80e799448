import { type ConversionResult, createRelay, type Relay, type RelayLogger } from '@affiliate-relay/node';
import { createMemoryStore, type DeliveryStore } from '@affiliate-relay/node/store';
import { DEMO_AVANTLINK_LEGACY, type DemoConfig, WINDOW_DAYS } from './config';
import type { Networks } from './networks';

/*
 * The relay as a shop would set it up, pointed at the fakes (or the real networks). The demo keeps
 * the delivery store at hand so that the QA console can show each order's deliveries, and builds a
 * fresh relay on reset so that nothing pending survives a reset: so its store is memory, where a
 * shop keeps the default SQLite file (or PostgreSQL).
 */

/** Short retries, so that a failing network shows up in seconds rather than a minute. */
const DEMO_RETRY = { maxAttempts: 3, baseDelayMs: 150, maxDelayMs: 1_000 };
/** A failed delivery is retried after 3 s here, doubling up to 30 s (a real shop keeps 30 s to 1 hour). */
export const RETRY_DELAY_MS = 3_000;

export interface DemoRelay {
  relay: Relay;
  store: DeliveryStore;
}

/**
 * @example
 * const { relay, store } = createDemoRelay(config, networks, activity.logger);
 */
export function createDemoRelay(config: DemoConfig, networks: Networks, logger: RelayLogger): DemoRelay {
  const store = createMemoryStore();
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
  return { relay, store };
}

export type { ConversionResult };
