import type { NetworkId } from '@affiliate-relay/core';
import type { DeliveryEvent } from '../delivery/events';
import type { ClientEvent } from '../http/events';
import type { CollectErrorCode } from './collect/collect-response';
import type { NetworkResult } from './conversion/conversion-types';
import type { RelayWarningCode } from './warnings';

/*
 * The relay's log events: the clients' (`http/events.ts`), the outbox's (`delivery/events.ts`) and the
 * relay's own below, one union so that one `logger` receives them all. They carry ids, statuses and
 * SDK errors (already redacted by the clients), never a cookie value, a secret or a shopper's IP.
 */

/**
 * Every event a relay's `logger` receives: the clients' `request`, `response`, `retry` and `error`,
 * the outbox's `click`, `delivery`, `reversal` and `relay-error`, and the relay's own below (its
 * collect endpoint, its conversions, its warnings). Narrow it by `type`.
 */
export type RelayEvent =
  | ClientEvent
  | DeliveryEvent
  | {
      /**
       * A beacon was answered: `accepted` (204), `rejected` with its code, `aborted` (the client went
       * away before its body was complete: not an error, nobody reads the answer), or `withdrawn` (a
       * withdrawal of consent: the cookies expired, `dropped` pending clicks dropped).
       */
      type: 'collect';
      outcome: 'accepted' | 'rejected' | 'aborted' | 'withdrawn';
      status: number;
      error?: CollectErrorCode;
      /** With `error: 'no_consent'`: why consent refused the beacon (`gpc` or `denied`); nothing was stored or sent. */
      consent?: 'gpc' | 'denied' | 'unknown';
      /** New clicks the beacon brought (0 when every touch was known). */
      added: number;
      /** With `withdrawn`: the visitor's pending click deliveries dropped. */
      dropped?: number;
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
      /**
       * A likely misconfiguration, said once per relay (see {@link RelayWarningCode}): nothing
       * failed, but sales or clicks are probably being lost. Log it where someone reads it.
       */
      type: 'warning';
      code: RelayWarningCode;
      message: string;
    };

/**
 * Receives every {@link RelayEvent}. A logger that throws is ignored, so logging never breaks a call.
 *
 * @example
 * const logger: RelayLogger = (event) => console.log(JSON.stringify(event));
 */
export type RelayLogger = (event: RelayEvent) => void;
