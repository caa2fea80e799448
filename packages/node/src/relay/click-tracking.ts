import type { Touch } from '@affiliate-relay/core';
import type { AvantLinkClickInput } from '../clients/avantlink/types';
import type { BackgroundTasks } from './background';
import { clientIpOf } from './client-ip';
import { forwardableUrl } from './parse-beacon';
import type { ResolvedRelayConfig } from './resolve-config';

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
 * Reports each new AvantLink touch with `trackClick`, in the background: the caller's answer never
 * waits for AvantLink and never fails with it. The client retries transient failures itself; a
 * click that still fails is reported through the logger (a click is not a sale: nothing is queued).
 *
 * @example
 * trackNewClicks(config, tasks, merged.added, clickContext);
 */
export function trackNewClicks(
  config: ResolvedRelayConfig,
  tasks: BackgroundTasks,
  added: readonly Touch[],
  context: ClickContext,
): void {
  const client = config.avantlink;
  if (!client) return;
  for (const touch of added) {
    if (touch.network !== 'avantlink') continue;
    const input = toClickInput(touch, context, config);
    tasks.run(async () => {
      try {
        await client.trackClick(input);
        config.events.emit({ type: 'click', network: 'avantlink', outcome: 'sent' });
      } catch (error) {
        config.events.emit({ type: 'click', network: 'avantlink', outcome: 'failed', error });
      }
    }, context.waitUntil ?? config.waitUntil);
  }
}
