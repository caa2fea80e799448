import {
  type Beacon,
  isBuiltInNetwork,
  isErrorNamed,
  mergeAnyTouches,
  type Touch,
  type Withdrawal,
} from '@affiliate-relay/core';
import { networkOf } from '../../delivery/network';
import { type ConsentRefusal, consentReason } from '../consent/consent-rule';
import { dropVisitorClicks, visitorsOf } from '../consent/forget';
import { readAttribution } from '../cookie/read-attribution';
import { consentToKeep, writeMerged } from '../cookie/server-cookie';
import { parseCookieHeader } from '../incoming/cookie-header';
import { type LimitedBody, MAX_BEACON_BYTES, readLimitedBody } from '../incoming/read-body';
import { checkOrigin, type RequestHead } from '../incoming/request-origin';
import type { RelayInternals } from '../internals';
import type { ResolvedRelayConfig } from '../resolve-config';
import { type ClickContext, recordClicks } from './click-tracking';
import {
  acceptedAnswer,
  type CollectAnswer,
  type CollectFailure,
  errorAnswer,
  toResponse,
} from './collect-response';
import { refusedConsent } from './consent-gate';
import { isBeaconMediaType, parseBeacon } from './parse-beacon';

/** What a framework may add to a collect request. */
export interface CollectContext {
  /** The shopper's IP as your platform knows it (e.g. `CF-Connecting-IP`). Used only with `forwardIp`. Default: none. */
  clientIp?: string;
  /** The TCP peer; `relay.collectListener()` sets it. Used with `forwardIp` when nothing better is known. Default: none. */
  remoteAddress?: string;
  /** Your signed-in user's internal id, sent to AvantLink as `user_id` (never an email). Default: none. */
  userId?: string;
  /** Keeps the platform alive while the worker sends the click (Cloudflare's `ctx.waitUntil`). Default: `config.waitUntil`. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/**
 * A collect request as the endpoint's core reads it: a Web `Request` (`webCollectInput`) or a Node
 * IncomingMessage (`nodeCollectInput` in node-body.ts), without turning one into the other.
 */
export interface CollectInput extends RequestHead {
  readonly method: string;
  /** The body, read until it passes `maxBytes` (see `readLimitedBody`). */
  readBody(maxBytes: number): Promise<LimitedBody>;
}

/**
 * A Web `Request` as a {@link CollectInput}.
 *
 * @example
 * await collectAnswer(relay, webCollectInput(request), context);
 */
export function webCollectInput(request: Request): CollectInput {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    readBody: (maxBytes) => readLimitedBody(request, maxBytes),
  };
}

/**
 * The collect endpoint: POST only, at most 8 KiB of JSON (text/plain or application/json) that
 * core's `beaconSchema` accepts, from this site or an allowed origin. Answers 204 with the signed
 * server cookie; a refusal is JSON `{ error, reason }` with its status (403 `no_consent` when the
 * relay's `consent` rule refuses: `Sec-GPC: 1`, or `allows` said no). New AvantLink clicks are
 * written to the delivery store before the answer and sent by the worker: the answer never waits
 * on AvantLink, and their fate never changes it. After `close()`: 503 `relay_closed`.
 */
export async function handleCollect(
  relay: RelayInternals,
  request: Request,
  context: CollectContext = {},
): Promise<Response> {
  return toResponse(await collectAnswer(relay, webCollectInput(request), context));
}

/**
 * The collect endpoint's one core, for the Web handler and the Node path alike (see {@link handleCollect}).
 *
 * @example
 * const answer = await collectAnswer(relay, nodeCollectInput(req), context);
 */
export async function collectAnswer(
  relay: RelayInternals,
  request: CollectInput,
  context: CollectContext = {},
): Promise<CollectAnswer> {
  const { config } = relay;
  if (relay.closed) {
    return refuse(config, {
      code: 'relay_closed',
      reason: 'The server is shutting down: send the beacon again later',
    });
  }
  try {
    return await collect(relay, request, context);
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'collect', error });
    return errorAnswer({ code: 'internal_error', reason: 'The beacon could not be processed' });
  }
}

async function collect(
  relay: RelayInternals,
  request: CollectInput,
  context: CollectContext,
): Promise<CollectAnswer> {
  const { config } = relay;
  const verdict = checkOrigin(request, config);
  const cors = verdict.allowed && verdict.corsOrigin ? corsHeaders(verdict.corsOrigin) : undefined;
  if (request.method === 'OPTIONS' && cors) return { status: 204, headers: preflight(cors), setCookies: [] };
  if (request.method !== 'POST') {
    return refuse(config, {
      code: 'method_not_allowed',
      reason: `${request.method} is not allowed here: POST a beacon`,
    });
  }
  if (!verdict.allowed) return refuse(config, { code: 'cross_site', reason: verdict.reason });
  const contentType = request.headers.get('content-type');
  if (!isBeaconMediaType(contentType)) {
    return refuse(
      config,
      { code: 'unsupported_media_type', reason: 'Send the beacon as text/plain or application/json' },
      cors,
    );
  }
  const cookies = parseCookieHeader(request.headers.get('cookie'));
  const refused = refusedConsent(config, {
    operation: 'collect',
    // A getter: the Node path builds its URL only when asked, and only `allows` asks.
    get url() {
      return request.url;
    },
    headers: request.headers,
    cookies,
  });
  const noConsent = (reason: ConsentRefusal) =>
    refuse(config, { code: 'no_consent', reason: consentReason(reason), consent: reason }, cors);
  const body = await request.readBody(MAX_BEACON_BYTES);
  if (!body.ok && body.reason === 'aborted') {
    // The client went away mid-upload: nobody reads this answer, and it is no relay error.
    config.events.emit({ type: 'collect', outcome: 'aborted', status: 400, added: 0 });
    return errorAnswer({ code: 'aborted', reason: 'The beacon ended before its body was complete' }, cors);
  }
  if (!body.ok) {
    if (refused) return noConsent(refused);
    const reason = `A beacon is at most ${MAX_BEACON_BYTES} bytes`;
    return refuse(config, { code: 'payload_too_large', reason }, cors);
  }
  // A touch of a built-in network, or of another network this relay has.
  const parsed = await parseBeacon(
    body.bytes,
    (network) => isBuiltInNetwork(network) || networkOf(config.networks, network) !== undefined,
  );
  // A withdrawal of consent is always taken, whatever the consent rule says: it only removes.
  if (parsed.ok && parsed.withdrawal) return withdraw(relay, parsed.withdrawal, cookies, cors);
  // A refused beacon is looked at no further: what will not be kept is not checked either.
  if (refused) return noConsent(refused);
  if (!parsed.ok) return refuse(config, parsed.failure, cors);
  const { beacon } = parsed;

  const now = Date.now();
  const stored = await readAttribution(cookies, config.serverCookie);
  // Only the signed server cookie counts as "already known": the browser cookie already holds
  // the click the beacon announces (the script writes it first).
  const known = stored.source === 'server-cookie' ? stored.touches : [];
  // A click seen before (Back to an older landing) is no new click either.
  const merged = mergeAnyTouches(
    known,
    beacon.touches.map((touch) => fromBeacon(touch, now, beacon.pageUrl)),
    stored.seen,
  );
  const visitorId =
    stored.source === 'server-cookie' && stored.visitorId ? stored.visitorId : beacon.visitorId;
  const userAgent = request.headers.get('user-agent') ?? stored.userAgent;
  // What the script says granted consent (absent: it did not wait for consent).
  const consent = consentToKeep(stored.consent, beacon.consent ?? 'script', now);
  const cookie = await writeMerged(config.serverCookie, visitorId, merged, userAgent, consent);
  const fresh = merged.added.filter((touch) => merged.touches.includes(touch));
  const clickContext: ClickContext = {
    visitorId,
    pageUrl: beacon.pageUrl,
    referrer: beacon.referrer,
    userAgent: request.headers.get('user-agent') ?? '',
    forwardedFor: request.headers.get('x-forwarded-for'),
    ...context,
  };
  try {
    await recordClicks(relay, fresh, clickContext);
  } catch (error) {
    // No cookie, above all no `ar_ack`: the script keeps the beacon and sends it again later.
    if (!isErrorNamed(error, 'StoreError')) throw error;
    return refuse(
      config,
      { code: 'store_unavailable', reason: 'The click could not be stored: send the beacon again later' },
      cors,
    );
  }
  config.events.emit({ type: 'collect', outcome: 'accepted', status: 204, added: fresh.length });
  return acceptedAnswer([cookie.setCookie, cookie.ack], cors);
}

// The visitors of the signed cookie, the script's ar_vid and the withdrawal's own id lose their pending clicks;
// the answer expires the cookies (ar_attr is HttpOnly: only the server can).
async function withdraw(
  relay: RelayInternals,
  withdrawal: Withdrawal,
  cookies: Record<string, string>,
  cors: Record<string, string> | undefined,
): Promise<CollectAnswer> {
  const { config } = relay;
  const visitors = await visitorsOf(relay, cookies);
  if (withdrawal.visitorId) visitors.push(withdrawal.visitorId);
  let dropped: number;
  try {
    ({ dropped } = await dropVisitorClicks(relay, visitors));
  } catch (error) {
    config.events.emit({ type: 'relay-error', operation: 'store.dropPendingClicks', error });
    // The cookies go all the same: the script removed its own already.
    config.events.emit({ type: 'collect', outcome: 'withdrawn', status: 204, added: 0, dropped: 0 });
    return acceptedAnswer(config.serverCookie.expire(), cors);
  }
  config.events.emit({ type: 'collect', outcome: 'withdrawn', status: 204, added: 0, dropped });
  return acceptedAnswer(config.serverCookie.expire(), cors);
}

function refuse(
  config: ResolvedRelayConfig,
  failure: CollectFailure,
  headers?: Record<string, string>,
): CollectAnswer {
  const response = errorAnswer(failure, headers);
  config.events.emit({
    type: 'collect',
    outcome: 'rejected',
    status: response.status,
    error: failure.code,
    ...(failure.consent ? { consent: failure.consent } : {}),
    added: 0,
  });
  return response;
}

// A clock on a shopper's device may run ahead: a click is never dated after its arrival, or it
// would outrank every later click for as long as the clock is off. A touch without its own landing URL
// landed on the beacon's page (the script leaves it out when equal).
function fromBeacon(touch: Beacon['touches'][number], now: number, pageUrl: string): Touch {
  const { capturedAt, ...rest } = touch;
  return { landingUrl: pageUrl, ...rest, capturedAt: Math.min(capturedAt, now) } as Touch;
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function preflight(cors: Record<string, string>): Record<string, string> {
  return {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'Content-Type',
    'access-control-max-age': '600',
  };
}
