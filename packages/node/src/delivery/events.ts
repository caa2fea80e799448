import type { AffiliateRelayError, NetworkId } from '@affiliate-relay/core';
import type { DeliveryStatus } from './contract';

/*
 * The outbox's log events: one per attempt of a click, a conversion's delivery or a reversal, and
 * `relay-error` for what failed that is no network's fault (a store, a bug). They join the relay's
 * `RelayEvent` union (see `relay/events.ts`).
 */

/** Events emitted by the delivery worker (and `relay-error`, which the relay emits too). */
export type DeliveryEvent =
  | {
      /**
       * A network's click call for a new touch (AvantLink's opens the attribution episode): one attempt
       * by the worker (`sent`, `pending` for a retry, `failed`), or `dropped` when the pending clicks
       * were at `delivery.maxPendingClicks`.
       */
      type: 'click';
      network: NetworkId;
      outcome: DeliveryStatus | 'dropped';
      /** The attempt number (not for `dropped`). */
      attempt?: number;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /** One attempt of a reversal (an AvantLink adjustment): `sent`, `pending` (waits) or `failed`. */
      type: 'reversal';
      orderId: string;
      reversalId: string;
      outcome: DeliveryStatus;
      attempt: number;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /** One delivery attempt of an order to a network, first send or redelivery. */
      type: 'delivery';
      orderId: string;
      network: NetworkId;
      outcome: DeliveryStatus;
      /** The relay's attempt number for this delivery (each may include the client's own retries). */
      attempt: number;
      redelivery: boolean;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /** Something failed that is no network's fault (a store, a bug); the request still got an answer. */
      type: 'relay-error';
      operation: string;
      error: unknown;
    };
