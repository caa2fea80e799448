import type { AffiliateRelayError, LandingRule, NetworkId, Touch } from '@affiliate-relay/core';
import type { OrderInput } from '@affiliate-relay/core/schemas';
import type { CallOptions } from '../http/deadline';
import type { DeliveryKind, DeliveryStatus, NetworkRequest } from './contract';

/*
 * The network contract: everything the relay and the outbox do with a network goes through one
 * `NetworkDefinition`, defined in the network's own folder (`clients/avantlink/network.ts`,
 * `clients/aflite/network.ts`). Nothing outside those folders and the config (which builds them from
 * `createRelay`'s options) branches on a network's name. Core keeps what the browser needs too (which
 * landing parameters are a click, the cookie formats, attribution); the testkit keeps the fakes.
 *
 * A network's id is core's `NetworkId`: a built-in one (`avantlink`, `aflite`: the browser script captures
 * their clicks, the cookies write them by a one-letter code) or any other id of core's `NETWORK_ID_PATTERN`
 * shape, whose clicks the relay captures on the server (`captureClick`), which the cookies write by name, and
 * which ties after the built-in ones, by id (core's `compareNetworks`).
 */

/** What the relay knows of one winning touch of an order, for the network's order request. */
export interface OrderFacts {
  /** The touch credited (its network is this network). */
  touch: Touch;
  /** The order, checked and normalised. */
  order: OrderInput;
  /** The shop's own id of the shopper (never an email). */
  userId?: string | undefined;
  /** The visitor id of the attribution, when known. */
  visitorId?: string | undefined;
  /** The shopper's user agent (`''` when unknown). */
  userAgent: string;
  /** Where the order was placed, else where the click landed: an http(s) URL or `''`. */
  currentUrl: string;
  /** The shopper's IP, only with `forwardIp`. */
  clientIp?: string | undefined;
}

/** What the relay knows of a new touch, for a network whose click call opens the attribution. */
export interface ClickFacts {
  touch: Touch;
  visitorId: string;
  userId?: string | undefined;
  userAgent: string;
  /** The touch's landing URL, else the page the beacon came from: a well-formed http(s) URL or `''`. */
  currentUrl: string;
  /** The touch's referrer, else the page's: a well-formed http(s) URL, when there is one. */
  referrerUrl?: string | undefined;
  /** The shopper's IP, only with `forwardIp`. */
  clientIp?: string | undefined;
}

/** How one attempt of a delivery runs. */
export interface SendContext {
  /** Deadline, signal and the attempts the client may make within this one (see `CallOptions`). */
  call: CallOptions;
  /** This attempt's number, counted before it started: above 1, an earlier one may have reached the network. */
  attempts: number;
}

/** A sender of one stored request (see {@link NetworkDefinition.send}). */
export type NetworkSender = (request: NetworkRequest, context: SendContext) => Promise<void>;

/**
 * How a network takes deliveries recorded in test mode (`createRelay({ testMode: true })`): through its
 * own documented test flag (Aflite's `traceOnly=1`: the Trace Report, no affiliate paid), or not at all.
 */
export interface NetworkTestMode {
  /**
   * The senders of test deliveries, each of which sets the network's test flag whatever the stored
   * request says. A kind left out is not sent in test mode: its delivery ends `failed` with
   * {@link NetworkTestMode.unsent} as the reason.
   */
  readonly send: { readonly [K in DeliveryKind]?: NetworkSender };
  /** Why the kinds left out of `send` are not sent in test mode, and how to test them instead (one sentence). */
  readonly unsent?: string;
  /** What test mode does with this network, for the relay's `warning` and the doctor (one sentence). */
  readonly summary: string;
}

/** How a network takes back an order's commission, when it does. */
export interface ReversalSupport {
  /** Throws a ConfigError when the relay lacks what reversals need (a key of their own). */
  checkReady(): void;
  /** The amounts of a reported order, read from its stored request (what a reversal may take back). */
  orderAmounts(request: NetworkRequest): Pick<OrderInput, 'subtotal' | 'items'>;
  /**
   * What an attempt that failed with `error` comes to: a reversal is not known to be safe to repeat,
   * so one that may have been applied is never sent again. Default: as for any delivery.
   */
  outcomeOf?(error: AffiliateRelayError): Exclude<DeliveryStatus, 'sent'> | undefined;
}

/**
 * One affiliate network, as the relay and the outbox see it.
 *
 * @example
 * const avantlink = avantlinkNetwork(client, { adjustments: { merchantId: '12345' } });
 * await avantlink.send.order?.(request, { call: {}, attempts: 1 });
 */
export interface NetworkDefinition {
  readonly id: NetworkId;
  /** The network's name as people write it (`AvantLink`), for messages. */
  readonly name: string;
  /**
   * For a network that is not built in: the click id a landing URL carries for it, read through `param` (a
   * parameter of the query, else of a query inside the hash; `null` when absent). The relay captures it on the
   * server, from a landing request (`captureFromRequest`); the browser script never does. A built-in network's
   * rule is core's (`captureTouches`): this is not asked for it.
   */
  captureClick?(param: (name: string) => string | null): string | null | undefined;
  /**
   * Sends one stored request of each kind the network takes (throws the client's typed error). A kind
   * without a sender is one the network does not take.
   */
  readonly send: { readonly [K in DeliveryKind]?: NetworkSender };
  /**
   * Test mode: how test deliveries are sent (see {@link NetworkTestMode}). Absent: the network has no
   * test flag, and nothing is sent to it in test mode.
   */
  readonly testMode?: NetworkTestMode;
  /**
   * Whether an earlier attempt of this delivery already reached the network (an exactly-once lookup),
   * asked before a resend (`attempts` above 1). Absent: the network dedupes resends itself.
   */
  confirm?(kind: DeliveryKind, request: NetworkRequest, call: CallOptions): Promise<boolean>;
  /** The fields each stored request of a kind holds: a record without one is refused, not sent. */
  readonly storedFields: { readonly [K in DeliveryKind]?: readonly string[] };
  /** The network's order request for a winning touch. Throws a ValidationError for one it would refuse. */
  orderRequest(facts: OrderFacts): NetworkRequest;
  /** The amount (and currency, when the request has one) of a stored order request, to tell a repeated order id that changed. */
  orderOf?(request: NetworkRequest): { subtotal: number; currency?: string | undefined } | undefined;
  /** The click call for a new touch, for a network whose click call opens the attribution. */
  clickRequest?(facts: ClickFacts): NetworkRequest | undefined;
  /** Reversals: supported, or the reason they are not (said in `recordReversal`'s result). */
  readonly reversal: ReversalSupport | { unsupported: string };
  /** Releases the network's sockets. */
  close(): void;
}

/**
 * The network definition for `id` among `networks`, if configured.
 *
 * @example
 * const network = networkOf(config.networks, record.network);
 */
export function networkOf(networks: readonly NetworkDefinition[], id: string): NetworkDefinition | undefined {
  return networks.find((network) => network.id === id);
}

/**
 * The landing rules of the networks among `networks` that bring their own (`captureClick`), for core's
 * `captureAnyTouches`.
 *
 * @example
 * captureAnyTouches(request.url, landingRules(config.networks));
 */
export function landingRules(networks: readonly NetworkDefinition[]): LandingRule[] {
  return networks.flatMap((network) => {
    const { captureClick } = network;
    return captureClick
      ? [{ network: network.id, clickId: (param) => captureClick.call(network, param) }]
      : [];
  });
}
