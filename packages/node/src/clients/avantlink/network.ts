import { ConfigError, isErrorNamed } from '@affiliate-relay/core';
import type { NetworkRequest, ReversalRequest } from '../../delivery/contract';
import type { NetworkDefinition } from '../../delivery/network';
import { toOrderBody } from './body';
import type { AvantLinkClient } from './client';
import type { AvantLinkClickInput, AvantLinkOrderInput } from './types';

/** What the AvantLink network needs beside its client. */
export interface AvantLinkNetworkOptions {
  /** Whether `avantlink.adjustments` (the legacy API's key) is configured: reversals need it. */
  adjustments: boolean;
  /**
   * In the relay's test mode, send clicks and orders anyway, for AvantLink's test-link procedure (its
   * test affiliate 101, whose order AvantLink cancels by itself). Default: false (nothing is sent).
   */
  testLink?: boolean;
}

/** AvantLink's id and its name as people write it, for tools that read a store with no relay (the command line). */
export const AVANTLINK_LABEL = { id: 'avantlink', name: 'AvantLink' } as const;

const NO_TEST_FLAG =
  'AvantLink documents no test flag for server-to-server calls: nothing is sent to it in test mode. To test it, follow its test-link procedure with avantlink.testLink: true (README, "Going live")';

/** The steps of AvantLink's documented test link, printed by the doctor and the README. */
export const AVANTLINK_TEST_LINK_STEPS: readonly string[] = [
  "Ask AvantLink support (or your account manager) for your program's test link: it clicks through as test affiliate 101.",
  "Run the shop with testMode and avantlink: { testLink: true }: test mode then sends AvantLink's click and order calls.",
  'Open the test link in a fresh browser profile; the landing must carry ?avad= and the relay must set ar_attr (check for the avmws cookie too).',
  'Place an order within 10 minutes of the click; AvantLink records it for affiliate 101, cancels it by itself and emails the result.',
  'Check the e-mailed result, then turn test mode (and testLink) off before going live.',
];

/**
 * AvantLink as the relay sees it: its click call opens the attribution episode, orders go to
 * `tracking/order` (deduped by `order_number`), reversals to the legacy adjustment API.
 *
 * @example
 * const network = avantlinkNetwork(new AvantLinkClient({ merchantId }), { adjustments: false });
 */
export function avantlinkNetwork(
  client: Pick<AvantLinkClient, 'trackClick' | 'trackOrder' | 'close'> &
    Partial<Pick<AvantLinkClient, 'adjustOrder'>>,
  options: AvantLinkNetworkOptions,
): NetworkDefinition {
  return {
    ...AVANTLINK_LABEL,
    send: {
      click: async (request, { call }) => {
        await client.trackClick(request as AvantLinkClickInput, call);
      },
      order: async (request, { call }) => {
        await client.trackOrder(request as AvantLinkOrderInput, call);
      },
      reversal: async (request, { call }) => {
        if (!client.adjustOrder)
          throw new ConfigError('AvantLink adjustments are not configured on this relay');
        const { orderId, amount, type } = request as ReversalRequest;
        await client.adjustOrder({ orderId, amount, type }, call);
      },
    },
    testMode: options.testLink
      ? {
          // AvantLink's test link sends the order of its test affiliate 101, which it cancels itself.
          send: {
            click: async (request, { call }) => {
              await client.trackClick(request as AvantLinkClickInput, call);
            },
            order: async (request, { call }) => {
              await client.trackOrder(request as AvantLinkOrderInput, call);
            },
          },
          unsent:
            'AvantLink reversals are not sent in test mode: its test order is cancelled by AvantLink itself',
          summary:
            "AvantLink: clicks and orders are sent for its test-link procedure (avantlink.testLink): only a test-link click (affiliate 101) makes an order that AvantLink cancels; any other affiliate's click in this time is paid",
        }
      : {
          send: {},
          unsent: NO_TEST_FLAG,
          summary:
            'AvantLink: nothing is sent (no documented test flag); avantlink.testLink opts in to its test-link procedure',
        },
    storedFields: {
      click: ['avad', 'userAgent'],
      order: ['avad', 'order'],
      reversal: ['reversalId', 'orderId', 'amount', 'type'],
    },
    orderRequest(facts): NetworkRequest {
      const { touch } = facts;
      const request: AvantLinkOrderInput = {
        avad: touch.clickId,
        userIds: facts.userId ? [facts.userId] : [],
        visitorIds: facts.visitorId ? [facts.visitorId] : [],
        userAgent: facts.userAgent,
        currentUrl: facts.currentUrl,
        ...(touch.gclid ? { googleClickId: touch.gclid } : {}),
        ...(facts.clientIp ? { userIpAddress: facts.clientIp } : {}),
        order: facts.order,
      };
      // Checked now, so that a body AvantLink would refuse throws before anything is recorded.
      toOrderBody(request);
      return request;
    },
    orderOf(request) {
      const { order } = request as AvantLinkOrderInput;
      return { subtotal: order.subtotal, currency: order.currency };
    },
    clickRequest(facts): NetworkRequest | undefined {
      // Without a well-formed page URL AvantLink would refuse the call: no call rather than junk.
      if (!facts.currentUrl) return undefined;
      const request: AvantLinkClickInput = {
        avad: facts.touch.clickId,
        visitorIds: [facts.visitorId],
        userAgent: facts.userAgent,
        currentUrl: facts.currentUrl,
      };
      if (facts.userId) request.userIds = [facts.userId];
      if (facts.referrerUrl) request.referrerUrl = facts.referrerUrl;
      if (facts.touch.gclid) request.googleClickId = facts.touch.gclid;
      if (facts.clientIp) request.userIpAddress = facts.clientIp;
      return request;
    },
    reversal: {
      checkReady() {
        if (!options.adjustments) {
          throw new ConfigError(
            'recordReversal needs avantlink.adjustments (the legacy API auth_key and integer merchant id)',
          );
        }
      },
      orderAmounts(request) {
        const { order } = request as AvantLinkOrderInput;
        return { subtotal: order.subtotal, items: order.items };
      },
      // An adjustment is not known to be safe to repeat: one that may have been applied (a timeout or
      // a 5xx after it left) is never sent again; only one that provably was not (refused connection,
      // 429, a deadline before sending) waits for another attempt.
      // Without the adjustments key a reversal waits for a relay that has it.
      outcomeOf(error) {
        if (error.code === 'delivery_ambiguous') return 'failed';
        return isErrorNamed(error, 'ConfigError') ? 'pending' : undefined;
      },
    },
    close: () => client.close(),
  };
}
