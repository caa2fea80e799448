import type { AffiliateRelayError, AvantLinkAdjustmentType, NetworkId } from '@affiliate-relay/core';

/** What {@link Relay.recordReversal} takes. */
export interface ReversalInput {
  /**
   * Your key for this reversal (a refund id, a return number): the same id again, after a retry
   * or a restart, is a `duplicate` and sends nothing. Required.
   */
  reversalId: string;
  /** The order number the relay reported (`recordConversion`'s `order.orderId`). Required. */
  orderId: string;
  /** `'RETURN'`, `'CANCELED'`, `'FRAUD'` or `'ADJUSTMENT'`. Required. */
  type: AvantLinkAdjustmentType;
  /**
   * The amount to take back (a number, or a plain decimal string), at most what is left of the
   * amount reported. Default: all that is left (a full reversal), or the items' worth with `items`.
   */
  amount?: number | string;
  /** The lines returned, by SKU (variant SKU, else parent SKU) and quantity, priced as reported. Default: none. */
  items?: {
    /** The line's SKU as reported (variant SKU, else parent SKU). Required. */
    sku: string;
    /** How many of it were returned. Default: 1. */
    quantity?: number;
  }[];
}

/** What happened toward one network. */
export type ReversalNetworkResult =
  /** AvantLink applied it. */
  | { status: 'sent' }
  /** Not applied yet (down, the daily limit): the worker sends it later, once. */
  | { status: 'pending'; error: AffiliateRelayError }
  /** Refused, or it may have been applied and is never resent (`delivery_ambiguous`): look in AvantLink's console. */
  | { status: 'failed'; error: AffiliateRelayError }
  /** This reversal id was recorded before: nothing was sent again. */
  | { status: 'duplicate' }
  /** The network has no reversal API: nothing was sent. */
  | { status: 'unsupported'; reason: string };

/** What {@link Relay.recordReversal} returns. */
export interface ReversalResult {
  /** The reversal's id, as given. */
  reversalId: string;
  /** The order reversed, as given. */
  orderId: string;
  /** The amount taken back, a plain decimal (for a `duplicate`, the amount first recorded). */
  amount?: string;
  /** One result per network that the order was reported to. */
  results: Partial<Record<NetworkId, ReversalNetworkResult>>;
}

/** What {@link Relay.returnsFile} takes. */
export interface ReturnsFileRequest {
  /** Reversals recorded at or after this time (a Date or ms since the epoch). Required. */
  from: Date | number;
  /** ...and before this one. Required. */
  to: Date | number;
  /**
   * `'all'`, or `'unsent'`: only those AvantLink has not confirmed (pending or failed), for when the
   * API was unavailable. NOTE: a pending reversal is still sent by the worker: do not upload it too.
   * Default: `'all'`.
   */
  include?: 'all' | 'unsent';
}
