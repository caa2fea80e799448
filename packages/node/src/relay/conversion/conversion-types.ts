import type {
  AffiliateRelayError,
  AttributionDecision,
  HandoffError,
  NetworkId,
} from '@affiliate-relay/core';
import type { OrderInput } from '@affiliate-relay/core/schemas';
import type { Attribution } from '../cookie/read-attribution';

/** A request `recordConversion` can read cookies and browser context from. */
export type ConversionRequest =
  | Request
  | {
      headers: Record<string, string | string[] | undefined>;
      /** Node's `req.socket`, for the shopper's IP (only used with `forwardIp`). */
      socket?: { remoteAddress?: string | undefined };
    };

/**
 * What {@link Relay.recordConversion} takes: the order, and where its attribution comes from, the
 * shopper's `request` (its cookies) or an `attribution` (saved with the cart, or `null` for none).
 * NOTE: one of the two is required, by the compiler and at run time (a ValidationError): an order
 * with neither would be skipped without a word, which is how a forgotten `request` loses sales.
 */
export type ConversionInput = {
  /** The order, in the SDK's names (core's `orderInputSchema`): `{ orderId, subtotal, currency, … }`. Required. */
  order: OrderInput;
  /**
   * The attribution to credit: from `relay.attributionFrom()`, as an object or the JSON text a shop
   * saved with the cart; `null` says there is none on purpose (nothing is sent, every network is
   * `skipped`). Default: read from `request`'s cookies.
   */
  attribution?: Attribution | string | null;
  /**
   * A hand-off from `relay.createHandoff`, as the platform brought it back (Stripe's `client_reference_id`,
   * PayPal's `custom_id`, a Shopify cart attribute): the attribution it names is credited. Give
   * `{ token, visitorId }` to also require that it was made for that visitor. A missing (`null`, `''`) or
   * refused hand-off sends nothing: every network is `skipped` (`handoff-missing`, or `handoff-<reason>`) and
   * `handoffError` says why; it never throws. With it, `request` gives only the browser context.
   * Default: none.
   */
  handoff?: string | null | { token: string | null | undefined; visitorId?: string };
  /** The shopper's request (thank-you page, checkout API): cookies, user agent, page. Default: none. */
  request?: ConversionRequest;
  /** The shop's own user. `id` is an internal id (hash an email with `hashIdentifier`). Default: none. */
  user?: { id?: string };
  /**
   * Browser context for AvantLink's order body, when there is no request (a webhook) or to
   * override it. `clientIp` is sent only with `forwardIp`. Default: read from `request`, else `''`.
   */
  context?: { userAgent?: string; currentUrl?: string; clientIp?: string };
} & (
  | { request: ConversionRequest }
  | { attribution: Attribution | string | null }
  | { handoff: string | null | undefined | { token: string | null | undefined; visitorId?: string } }
);

/** Why a network was not called for an order. */
export type SkipReason =
  /** No affiliate click is on record at all (no cookie, or an empty attribution). */
  | 'no-attribution'
  /** Clicks are on record, none from this network. */
  | 'no-touch'
  /** This network's click is older than its window. */
  | 'expired'
  /** This network's click is valid but the policy credited another network (last click wins). */
  | 'not-selected'
  /** This order id was recorded before without this network: nothing is sent to it now. */
  | 'recorded-before'
  /** `handoff` was given but empty: the platform dropped the field, or the page never set it. */
  | 'handoff-missing'
  /** The hand-off was refused (`handoffError.reason` says the same): nothing is credited from it. */
  | `handoff-${HandoffError['reason']}`;

/** What happened toward one network. */
export type NetworkResult =
  /** The network took the conversion. */
  | { status: 'sent' }
  /** Not sent, and rightly so. */
  | { status: 'skipped'; reason: SkipReason }
  /** This order id was recorded before for this network: nothing was sent again. */
  | { status: 'duplicate' }
  /** The network could not be reached (down, timeout, 5xx, 429): kept pending and redelivered later. */
  | { status: 'pending'; error: AffiliateRelayError }
  /** The network refused it (a 4xx, invalid data): it will not be sent again. */
  | { status: 'failed'; error: AffiliateRelayError };

/** What {@link Relay.recordConversion} returns. */
export interface ConversionResult {
  /** The order's id, as given (`order.orderId`). */
  orderId: string;
  /** Core's attribution decision: winners, eligible and expired touches, and an explanation. */
  decision: AttributionDecision;
  /** One result per configured network. */
  results: Partial<Record<NetworkId, NetworkResult>>;
  /**
   * Recorded in test mode (`testMode`): `sent` means sent with the network's test flag (Aflite's
   * `traceOnly=1`), and a network with none says `failed` with the reason (nothing was sent to it).
   */
  test?: true;
  /** Why the `handoff` given was refused (a HandoffError naming the check), when it was. */
  handoffError?: HandoffError;
}
