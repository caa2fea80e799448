import type { AffiliateRelayError, NetworkId } from '@affiliate-relay/core';
import type { DeliveryOutcome } from '../delivery/attempt';
import type { CollectErrorCode } from './collect-response';
import type { NetworkResult } from './conversion-types';
import type { RelayWarningCode } from './warnings';

/*
 * The relay's own log events. They join the clients' `RelayEvent` union (see `http/events.ts`), so
 * one `logger` receives both. They carry ids, statuses and SDK errors (already redacted by the
 * clients), never a cookie value, a secret or a shopper's IP.
 */

/** Events emitted by `createRelay` (beside the clients' `request`, `response`, `retry` and `error`). */
export type RelayServerEvent =
  | {
      /**
       * A beacon was answered: `accepted` (204), `rejected` with its code, or `aborted` (the client went
       * away before its body was complete: not an error, nobody reads the answer).
       */
      type: 'collect';
      outcome: 'accepted' | 'rejected' | 'aborted';
      status: number;
      error?: CollectErrorCode;
      /** New clicks the beacon brought (0 when every touch was known). */
      added: number;
    }
  | {
      /**
       * AvantLink's click call for a new touch: one attempt by the worker (`sent`, `pending` for a
       * retry, `failed`), or `dropped` when the pending clicks were at `delivery.maxPendingClicks`.
       */
      type: 'click';
      network: 'avantlink';
      outcome: DeliveryOutcome | 'dropped';
      /** The attempt number (not for `dropped`). */
      attempt?: number;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /** `recordConversion` finished: the decision and one outcome per network. */
      type: 'conversion';
      orderId: string;
      reason: 'selected' | 'no-touches' | 'all-expired' | 'duplicate';
      /** Each network's `NetworkResult` status (`sent`, `skipped`, `duplicate`, `pending` or `failed`). */
      results: Partial<Record<NetworkId, NetworkResult['status']>>;
    }
  | {
      /** One attempt of a reversal (an AvantLink adjustment): `sent`, `pending` (waits) or `failed`. */
      type: 'reversal';
      orderId: string;
      reversalId: string;
      outcome: DeliveryOutcome;
      attempt: number;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /** One delivery attempt of an order to a network, first send or redelivery. */
      type: 'delivery';
      orderId: string;
      network: NetworkId;
      outcome: DeliveryOutcome;
      /** The relay's attempt number for this delivery (each may include the client's own retries). */
      attempt: number;
      redelivery: boolean;
      /** Why the attempt did not send (absent when it did). */
      error?: AffiliateRelayError;
    }
  | {
      /**
       * A likely misconfiguration or a deprecated option, said once per relay (see
       * {@link RelayWarningCode}): nothing failed, but sales or clicks are probably being lost, or an
       * option will stop working. Log it where someone reads it.
       */
      type: 'warning';
      code: RelayWarningCode;
      message: string;
    }
  | {
      /** Something failed that is no network's fault (a store, a bug); the request still got an answer. */
      type: 'relay-error';
      operation: string;
      error: unknown;
    };
