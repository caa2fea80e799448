import type { OrderInput } from '@affiliate-relay/core/schemas';
import type { RelayLogger } from '../../http/events';
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
  /** Retry policy. Default: 3 retries, 300 ms to 10 s backoff with jitter, `Retry-After` honoured. */
  retry?: RetryOptions;
  /** Receives typed log events. Default: none (silent). */
  logger?: RelayLogger;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
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
