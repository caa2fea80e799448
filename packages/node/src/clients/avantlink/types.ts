import type { AvantLinkAdjustmentType } from '@affiliate-relay/core';
import type { OrderInput } from '@affiliate-relay/core/schemas';
import type { ClientEvent } from '../../http/events';
import type { RetryOptions } from '../../http/retry-policy';

/** Options of {@link AvantLinkClient}. */
export interface AvantLinkClientOptions {
  /** Your AvantLink merchant UUID (the path parameter `merchant_id`). Required. */
  merchantId: string;
  /** Where AvantLink is. Default: `'https://client.avantlink.com'`. Point it at the testkit in tests. */
  baseUrl?: string;
  /** Your server's `User-Agent` header (never the shopper's). Default: `'affiliate-relay-node/<version>'`. */
  userAgent?: string;
  /** Time limit of one attempt, in ms. Default: 10_000. */
  timeoutMs?: number;
  /** Retry policy. Default: 4 attempts (3 retries), 300 ms to 10 s backoff with jitter, `Retry-After` honoured. */
  retry?: RetryOptions;
  /**
   * Receives typed log events (a logger that throws is ignored). The relay's `RelayLogger` fits here too.
   * Default: none (silent).
   */
  logger?: (event: ClientEvent) => void;
  /**
   * A `fetch` of your own. Default: none: the client sends on node:http through its own kept-alive
   * sockets, capped by `maxSockets` (the global `fetch` on runtimes without node:http). With a
   * `fetch` given, `maxSockets` does not apply: how many sockets stay open is that fetch's affair.
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Sockets this client opens to the network at once, at most (per protocol). A call past it waits
   * for a socket, within its time limit (`timeoutMs`). An attempt cut by its time limit closes its
   * socket at once, so a hung network holds no more than this. The relay sets it to
   * `delivery.concurrency`. Default: no cap.
   */
  maxSockets?: number;
  /**
   * Sockets of its own for `trackClick`, at most this many, apart from the other calls' `maxSockets`:
   * clicks waiting for a socket never hold up an order. The relay sets it to
   * `delivery.clicks.maxConcurrency`. Default: none (clicks share the `maxSockets` pool).
   */
  maxClickSockets?: number;
  /**
   * Credentials and place of AvantLink's legacy API, for `adjustOrder` (reversing a commission).
   * Default: none (`adjustOrder` then throws a ConfigError). Given in part, the constructor throws a
   * ConfigError naming what is missing.
   */
  adjustments?: AvantLinkAdjustmentOptions;
}

/**
 * AvantLink's legacy API (`MerchantTransactionAdjustment`). NOTE: `url` and `transport` are
 * UNCONFIRMED guesses (AvantLink's page does not give them): see core's AVANTLINK_ADJUSTMENT_API.
 */
export interface AvantLinkAdjustmentOptions {
  /** The legacy API's `auth_key` (32 characters): a secret, redacted from every event and error. Required. */
  authKey: string;
  /** The integer merchant id of the legacy API (`merchant_id`), not the UUID of the S2S API. Required. */
  merchantId: number | string;
  /**
   * The legacy API's URL; https only (http is accepted for 127.0.0.1, localhost and [::1], the
   * testkit's fakes). Default: `'https://classic.avantlink.com/api.php'` (UNCONFIRMED).
   */
  url?: string;
  /**
   * How the parameters travel: `'form'` (POST, form body, the auth key out of URLs) or `'query'` (GET,
   * query string; the auth key is then redacted from logged URLs). Default: `'form'` (UNCONFIRMED).
   */
  transport?: 'form' | 'query';
  /**
   * Allows an http `url` on a host other than loopback: for a fake AvantLink reached by a name in a
   * shop's own test setup (a container's, say). Never for AvantLink itself. Default: false.
   */
  allowInsecureHttp?: boolean;
}

/** A commission to reverse, in part or in full. */
export interface AvantLinkAdjustmentInput {
  /** The order number as reported in `trackOrder` (`transaction_id`). Required. */
  orderId: string;
  /**
   * The amount to reverse, above zero, at most 2 decimals: a number (`49.95`) or a plain decimal
   * string (`'49.95'`; no `$`, no `,`). A full reversal passes the original amount. Required.
   */
  amount: number | string;
  /** `'RETURN'`, `'CANCELED'`, `'FRAUD'` or `'ADJUSTMENT'` (`adjustment_type`). Required. */
  type: AvantLinkAdjustmentType;
}

/** The outcome of an adjustment AvantLink accepted. */
export interface AvantLinkAdjustmentResult extends AvantLinkCallResult {
  /** AvantLink's answer, parsed when JSON, else its text (the format is unconfirmed), redacted. */
  answer: unknown;
}

/** A click (or page hit) to report. camelCase names; the wire names live in `body.ts`. */
export interface AvantLinkClickInput {
  /** The AvantLink click token (`avad`) exactly as received. Default: `''` (none received). */
  avad?: string;
  /** Your user ids. Never raw emails: use `hashIdentifier()`. Default: `[]`. */
  userIds?: string[];
  /** Anonymous visitor, session or cart ids. Default: `[]`. */
  visitorIds?: string[];
  /** The shopper's browser User-Agent (sent in the body as `user_agent`). Required. */
  userAgent: string;
  /**
   * The full URL of the page where the click landed. Required. Query and fragment parameters that
   * hold an email are removed before sending (no personal data); the rest is sent as given.
   */
  currentUrl: string;
  /** The browser's referrer (email parameters removed, as for `currentUrl`). Default: not sent. */
  referrerUrl?: string;
  /** Google's click id (`gclid`). Default: not sent. */
  googleClickId?: string;
  /** Any tracking code of yours. Default: not sent. */
  customTrackingCode?: string;
  /** The shopper's IP (never the server's), only when the shop enabled it. Default: not sent. */
  userIpAddress?: string;
}

/** An order to report: the click's fields (user agent and URL may be unknown) plus the order. */
export interface AvantLinkOrderInput extends Omit<AvantLinkClickInput, 'userAgent' | 'currentUrl'> {
  /** The shopper's User-Agent, when known. Default: `''` (an order confirmed in a webhook has none). */
  userAgent?: string;
  /** The page of the order, when known. Default: `''`. */
  currentUrl?: string;
  /**
   * The order (core's `orderInputSchema`). `orderId` becomes `order_number`, the idempotency key.
   * An email anywhere in `extra` or in a line item's extra fields is a ValidationError.
   */
  order: OrderInput;
}

/** The outcome of a successful call. */
export interface AvantLinkCallResult {
  /** The HTTP status AvantLink answered (200). */
  status: number;
  /** How many attempts it took (1 without retries). */
  attempts: number;
}
