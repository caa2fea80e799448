import { StoreError, type Touch } from '@affiliate-relay/core';
import { clickKey } from '../../delivery/click-key';
import { type ClickFacts, networkOf } from '../../delivery/network';
import { clientIpOf } from '../incoming/client-ip';
import { forwardableUrl } from '../incoming/forwardable-url';
import type { RelayInternals } from '../internals';

/** What a network's click call needs beside the touch. */
export interface ClickContext {
  visitorId: string;
  /** The page the beacon was sent from (or the landing request's URL), for a touch without `landingUrl`. */
  pageUrl: string;
  referrer?: string | undefined;
  /** The shopper's browser user agent. */
  userAgent: string;
  userId?: string | undefined;
  clientIp?: string | undefined;
  remoteAddress?: string | undefined;
  forwardedFor?: string | null | undefined;
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/**
 * What a network's click call may carry of a new touch. `currentUrl` is where the click occurred
 * (AvantLink's definition): the touch's landing URL, which after a single-page-app navigation is not
 * the page the beacon left from; the beacon's page and referrer stand in when the touch leaves them out
 * (the browser script omits them when equal). Only well-formed http(s) URLs are kept
 * (`forwardableUrl`): other text is left out. The IP is included only with `forwardIp`.
 *
 * @example
 * clickFacts(touch, context, { forwardIp: false, trustProxy: false });
 */
export function clickFacts(
  touch: Touch,
  context: ClickContext,
  options: { forwardIp: boolean; trustProxy: boolean },
): ClickFacts {
  const facts: ClickFacts = {
    touch,
    visitorId: context.visitorId,
    userAgent: context.userAgent,
    currentUrl: forwardableUrl(touch.landingUrl) ?? forwardableUrl(context.pageUrl) ?? '',
  };
  const referrer = forwardableUrl(touch.referrer) ?? forwardableUrl(context.referrer);
  if (context.userId) facts.userId = context.userId;
  if (referrer) facts.referrerUrl = referrer;
  if (options.forwardIp) {
    const ip = clientIpOf(context.forwardedFor, context, options.trustProxy);
    if (ip) facts.clientIp = ip;
  }
  return facts;
}

/**
 * Records each new touch of a network with a click call (AvantLink's opens the attribution episode)
 * as a click delivery (the outbox): the worker sends it. The same click (id and visitor) is recorded once. Past the pending-click cap a click is dropped with an
 * event. Resolves once the store has the clicks. A store that fails is reported (`relay-error`) and
 * throws a StoreError: the caller then sets no cookie, so the browser script sends the beacon again.
 *
 * @example
 * await recordClicks(relay, merged.added, clickContext);
 */
export async function recordClicks(
  relay: RelayInternals,
  added: readonly Touch[],
  context: ClickContext,
): Promise<void> {
  const { config, worker, clickGate } = relay;
  let recorded = 0;
  for (const touch of added) {
    const network = networkOf(config.networks, touch.network);
    // A network that would refuse the call (no well-formed page URL) gives no request: nothing to record.
    const request = network?.clickRequest?.(clickFacts(touch, context, config));
    if (!request) continue;
    try {
      if (!(await clickGate.admit())) {
        config.events.emit({ type: 'click', network: touch.network, outcome: 'dropped' });
        continue;
      }
      const at = Date.now();
      const created = await config.store.create([
        {
          kind: 'click',
          key: clickKey(context.visitorId, touch.clickId),
          network: touch.network,
          status: 'pending',
          attempts: 0,
          createdAt: at,
          updatedAt: at,
          nextAttemptAt: at,
          owner: relay.owner,
          request,
          ...(config.testMode ? { test: true as const } : {}),
        },
      ]);
      if (created) recorded += 1;
    } catch (error) {
      config.events.emit({ type: 'relay-error', operation: 'store.create', error });
      throw new StoreError('The delivery store could not record the click: send the beacon again later', {
        cause: error,
      });
    }
  }
  if (recorded === 0) return;
  const waitUntil = context.waitUntil ?? config.waitUntil;
  if (waitUntil) {
    // A serverless platform may freeze the process once the answer is out: send now, kept alive.
    try {
      waitUntil(worker.kick());
    } catch {
      // A platform hook that throws must not turn a 204 into a failure.
    }
  } else worker.nudge('click');
}
