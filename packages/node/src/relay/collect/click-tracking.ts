import type { Touch } from '@affiliate-relay/core';
import type { AvantLinkClickInput } from '../../clients/avantlink/types';
import { clientIpOf } from '../incoming/client-ip';
import { forwardableUrl } from '../incoming/forwardable-url';
import type { RelayInternals } from '../internals';

/** What AvantLink's click call needs beside the touch. */
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
 * The click body for a new AvantLink touch. `current_url` is where the click occurred (AvantLink's
 * definition): the touch's landing URL, which after a single-page-app navigation is not the page
 * the beacon left from; the beacon's page and referrer stand in when the touch leaves them out (the
 * browser script omits them when equal). Only well-formed http(s) URLs are sent (`forwardableUrl`): other
 * text is left out. The IP is included only with `forwardIp`.
 *
 * @example
 * toClickInput(touch, context, { forwardIp: false, trustProxy: false });
 */
export function toClickInput(
  touch: Touch,
  context: ClickContext,
  options: { forwardIp: boolean; trustProxy: boolean },
): AvantLinkClickInput {
  const input: AvantLinkClickInput = {
    avad: touch.clickId,
    visitorIds: [context.visitorId],
    userAgent: context.userAgent,
    // Without a well-formed page URL, '' fails the client's validation: no call rather than junk.
    currentUrl: forwardableUrl(touch.landingUrl) ?? forwardableUrl(context.pageUrl) ?? '',
  };
  const referrer = forwardableUrl(touch.referrer) ?? forwardableUrl(context.referrer);
  if (context.userId) input.userIds = [context.userId];
  if (referrer) input.referrerUrl = referrer;
  if (touch.gclid) input.googleClickId = touch.gclid;
  if (options.forwardIp) {
    const ip = clientIpOf(context.forwardedFor, context, options.trustProxy);
    if (ip) input.userIpAddress = ip;
  }
  return input;
}

/**
 * Records each new AvantLink touch as a click delivery (the outbox): the worker sends it. The same
 * click (id and visitor) is recorded once. Past the pending-click cap a click is dropped with an
 * event. Resolves once the store has the clicks; a store failure is reported, never thrown (the
 * beacon's cookie still holds the click).
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
  if (!config.avantlink) return;
  let recorded = 0;
  for (const touch of added) {
    if (touch.network !== 'avantlink') continue;
    const request = toClickInput(touch, context, config);
    // Without a well-formed page URL AvantLink would refuse the call: nothing to record.
    if (!request.currentUrl) continue;
    try {
      if (!(await clickGate.admit())) {
        config.events.emit({ type: 'click', network: 'avantlink', outcome: 'dropped' });
        continue;
      }
      const at = Date.now();
      const created = await config.store.create([
        {
          kind: 'click',
          key: clickKey(touch, context.visitorId),
          network: 'avantlink',
          status: 'pending',
          attempts: 0,
          createdAt: at,
          updatedAt: at,
          nextAttemptAt: at,
          owner: relay.owner,
          request,
        },
      ]);
      if (created) recorded += 1;
    } catch (error) {
      config.events.emit({ type: 'relay-error', operation: 'store.create', error });
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
  } else worker.nudge();
}

/** The dedupe key of a click: one AvantLink click call per click id and visitor. */
export function clickKey(touch: Touch, visitorId: string): string {
  return `${visitorId} ${touch.clickId}`;
}
