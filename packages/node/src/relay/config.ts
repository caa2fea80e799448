import type { AttributionPolicy, AttributionWindows } from '@affiliate-relay/core';
import type { AfliteClientOptions } from '../clients/aflite/types';
import type { AvantLinkClientOptions } from '../clients/avantlink/types';
import type { DeliveryStore } from '../delivery/contract';
import type { RelayConsentOptions } from './consent/consent-rule';
import type { RelayLogger } from './events';

/**
 * AvantLink as the relay uses it: the client's options (its logger is the relay's, its `maxSockets` is
 * `delivery.concurrency`, its `maxClickSockets` is `delivery.clicks.maxConcurrency`).
 */
export interface RelayAvantLinkOptions
  extends Omit<AvantLinkClientOptions, 'logger' | 'maxSockets' | 'maxClickSockets'> {
  /**
   * Reversals sent a day (UTC) before the next ones wait for the next day: AvantLink's legacy API
   * takes 3,000 requests a day. Lower it if other tools use the same `auth_key`. Default: 3000.
   */
  reversalsPerDay?: number;
  /**
   * In test mode only: send AvantLink's clicks and orders anyway, for its documented test-link
   * procedure (test affiliate 101; AvantLink cancels that order by itself, README "Going live"). Any
   * other affiliate's click in that time would be paid: keep it short. Ignored in live mode. Default: false.
   */
  testLink?: boolean;
}

/** Aflite as the relay uses it: the client's options plus the goal that a sale registers (its `maxSockets` is `delivery.concurrency`). */
export interface RelayAfliteOptions extends Omit<AfliteClientOptions, 'logger' | 'maxSockets'> {
  /** The id of the sale goal in your Aflite programme (`goalid`). Required. */
  goalId: string | number;
  /** Test mode: Aflite records nothing and writes to its Trace Report. Default: false. */
  traceOnly?: boolean;
}

/** The signed, HttpOnly server cookie `ar_attr`. */
export interface RelayCookieOptions {
  /**
   * HMAC secret, at least 32 characters. An array rotates secrets: the first signs, every one
   * verifies, so a cookie signed with the previous secret stays valid. Required.
   */
  secret: string | readonly string[];
  /** `Domain` attribute, to share the cookie with subdomains (`shop.example`). Default: none (host-only). */
  domain?: string;
  /** `Secure` attribute. Turn it off only for plain-http development. Default: true. */
  secure?: boolean;
}

/** How a sale is credited (the `attribution` option of {@link RelayConfig}). */
export interface RelayAttributionOptions {
  /**
   * Which click earns the sale: `'last-click'` (the newest click across networks wins),
   * `'first-click'`, or `'all'` (every network with a valid click). Default: `'last-click'`.
   */
  policy?: AttributionPolicy;
  /**
   * Days a click counts, per network (`{ avantlink: 30, aflite: 45 }`). The server cookie lasts the
   * longest window of the configured networks, never over 400 days. Default: 30 for each network.
   */
  windows?: AttributionWindows;
}

/**
 * The outbox: every network call (a click, an order) is written to the store first, then sent by a
 * worker with bounded concurrency, retried with backoff and `Retry-After`.
 */
export interface DeliveryOptions {
  /**
   * Order, goal and reversal calls in flight per network, per process (checkouts' own attempts
   * included). Clicks have their own limit (`clicks.maxConcurrency`). Default: 4.
   */
  concurrency?: number;
  /** How clicks are sent. */
  clicks?: {
    /**
     * Click calls in flight per network, per process, at most. Within it the number adapts to the
     * network's answers: it starts at `delivery.concurrency`, grows while the network answers
     * quickly, and shrinks when its answers slow (over twice its quickest recent answer), time out
     * or fail (no connection, 408, 429, 5xx). Clicks have places of their own: they never take an
     * order's. A network's sockets per process are capped at `delivery.concurrency` + this.
     * Default: 64.
     */
    maxConcurrency?: number;
  };
  /**
   * Pending clicks (not yet taken by AvantLink) past which new clicks are dropped, with a `click`
   * event (`outcome: 'dropped'`) and `status().droppedClicks`. Conversions are never dropped.
   * Checked against the store's count, refreshed at most once a second. Default: 10_000.
   */
  maxPendingClicks?: number;
  /**
   * How long `recordConversion` waits for its one attempt before it answers `pending` (the worker
   * then retries). The conversion is in the store before the attempt starts. Default: 1_000.
   */
  checkoutBudgetMs?: number;
  /** How often the worker asks the store for due deliveries, in ms; 0 turns polling off (`flush()` still sends). Default: 1_000. */
  pollMs?: number;
  /**
   * Attempts of one delivery, the first send included, before it is marked `failed`. Each attempt
   * is one client call, itself retried by the client's `retry` policy. Default: 50.
   */
  maxAttempts?: number;
  /** Wait before the first redelivery of a failed delivery, in ms; it doubles each time (0: at once, for tests). Default: 30_000. */
  baseDelayMs?: number;
  /** Longest wait between two attempts of a delivery, in ms (a network's `Retry-After` may ask for more). Default: 3_600_000. */
  maxDelayMs?: number;
  /**
   * How long a delivery being sent is locked against other workers sharing the store, in ms. A
   * delivery's network calls stop before the lock can lapse: they start no send, retry or wait that
   * could end later than the lock less a margin (a tenth, at most 30 s); what is left waits for a
   * later pass (Aflite's goal feed is asked first). It must leave, after the margin, an AvantLink
   * `timeoutMs`, and twice Aflite's (a lookup then a send): else `createRelay` throws a ConfigError.
   * After a crash, what the dead process held waits this long. Default: 300_000.
   */
  lockMs?: number;
  /** Days sent and failed deliveries are kept (for dedupe, reversals and `status()`), then deleted. Default: 30. */
  retentionDays?: number;
}

/** Options of {@link createRelay}. At least one network is required; either may be left out. */
export interface RelayConfig {
  /** AvantLink: `{ merchantId, baseUrl?, timeoutMs?, retry?, … }`. Default: not used. */
  avantlink?: RelayAvantLinkOptions;
  /** Aflite: `{ apiKey, merchantId, goalId, baseUrl?, … }`. Default: not used. */
  aflite?: RelayAfliteOptions;
  /** The server cookie. Required (its secret is). */
  cookie: RelayCookieOptions;
  /** How a sale is credited: the policy and each network's window. Defaults: see {@link RelayAttributionOptions}. */
  attribution?: RelayAttributionOptions;
  /**
   * Send the shopper's IP to AvantLink (`user_ip_address`). Privacy laws apply: enable it only when
   * your privacy notice covers it. Default: false.
   */
  forwardIp?: boolean;
  /**
   * Trust `X-Forwarded-For`, `X-Forwarded-Host` and `X-Forwarded-Proto` (set it when a proxy you
   * control sits in front and overwrites them: a proxy that appends to the client's own header lets
   * the client choose them). Without it the IP is the socket's peer, and a peer that is not a public
   * address (a local proxy, 127.0.0.1, 10/8…) is never sent. Default: false.
   */
  trustProxy?: boolean;
  /**
   * Other origins allowed to beacon (`['https://www.shop.example']`). The server's own origin is
   * always allowed. Default: none.
   */
  allowedOrigins?: readonly string[];
  /**
   * Consent for the requests the server sees without the browser script (`captureFromRequest`, a
   * beacon): `Sec-GPC: 1` refuses them, and `allows` reads your consent banner's cookie.
   * Defaults: see {@link RelayConsentOptions} (GPC honoured, no `allows`).
   */
  consent?: RelayConsentOptions;
  /**
   * Test mode: no real commission is paid. Every Aflite goal goes with `traceOnly=1`, nothing is sent to
   * AvantLink (unless `avantlink.testLink`), every delivery is marked test and is never sent by a relay
   * in live mode; `status()` and one `warning` event say so. Default: the environment variable
   * `AFFILIATE_RELAY_TEST_MODE` (`1` or `true`), else false.
   */
  testMode?: boolean;
  /** Receives typed log events of the relay and its clients. Default: none (silent). */
  logger?: RelayLogger;
  /**
   * Where deliveries are recorded before they are sent (the outbox: dedupe, retries, crash safety).
   * Default on Node: a SQLite file (`createSqliteStore`) at `process.env.AFFILIATE_RELAY_DB`, else
   * `.affiliate-relay/deliveries.db` under the working directory, closed by `relay.close()`. Where
   * `node:sqlite` is missing (Workers): `createMemoryStore()`, with a `store` event saying so.
   */
  store?: DeliveryStore;
  /** How deliveries are sent and retried. Defaults: see {@link DeliveryOptions}. */
  delivery?: DeliveryOptions;
  /**
   * Keeps a serverless function alive for background work (the worker's sends after a collect), such
   * as Vercel's `waitUntil`. Cloudflare's per-request `ctx.waitUntil` goes in `handleCollect`'s
   * context. Default: none (the work runs on in the process).
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}
