import type { IncomingMessage } from 'node:http';
import { COOKIE_NAMES, isVisitorId, ValidationError } from '@affiliate-relay/core';
import { readAttribution } from '../cookie/read-attribution';
import { parseCookieHeader } from '../incoming/cookie-header';
import type { RelayInternals } from '../internals';

/*
 * A withdrawal of consent on the server: the visitor's pending click calls are dropped from the outbox (never an
 * order: what was recorded stays recorded) and the cookies are expired. The collect endpoint does it for the
 * browser script's withdrawal beacon (`revokeConsent()`, or a consent source that now denies); `relay.forget` for
 * a shop's own privacy flow.
 */

/** What {@link Relay.forget} did. */
export interface ForgetResult {
  /** The visitors whose pending clicks were looked for: the signed cookie's, the script's `ar_vid`, or the id given. */
  visitorIds: string[];
  /** Pending click deliveries dropped (never sent now). Orders already recorded are never dropped. */
  droppedClicks: number;
  /**
   * `Set-Cookie` values that expire `ar_attr`, `ar_ack`, `ar_touches` and `ar_vid`: add them to your response.
   * Empty when given a visitor id (there is no browser to answer).
   */
  setCookie: string[];
  /** False when the delivery store has no `dropPendingClicks` (a store of your own): no click was dropped. */
  storeDrops: boolean;
}

/** A request whose cookies name the visitor: a Web `Request`, Node's `IncomingMessage`, anything with `headers`. */
export type ForgetRequest =
  | Request
  | IncomingMessage
  | { headers: Headers | Record<string, string | string[] | undefined> };

/**
 * Drops the pending click deliveries of each visitor. Resolves how many were dropped, and whether the store can.
 *
 * @example
 * await dropVisitorClicks(relay, ['vis_3f2c1a97']);
 */
export async function dropVisitorClicks(
  relay: RelayInternals,
  visitorIds: readonly string[],
): Promise<{ dropped: number; storeDrops: boolean }> {
  const { store } = relay.config;
  if (!store.dropPendingClicks) return { dropped: 0, storeDrops: false };
  let dropped = 0;
  for (const visitorId of new Set(visitorIds)) dropped += (await store.dropPendingClicks(visitorId)).length;
  return { dropped, storeDrops: true };
}

/**
 * The visitors a request's cookies name: the signed server cookie's (when its signature holds) and the script's
 * `ar_vid`, each once.
 *
 * @example
 * await visitorsOf(relay, parseCookieHeader(request.headers.get('cookie')));
 */
export async function visitorsOf(relay: RelayInternals, cookies: Record<string, string>): Promise<string[]> {
  const stored = await readAttribution(cookies, relay.config.serverCookie);
  const ids = [
    stored.source === 'server-cookie' ? stored.visitorId : undefined,
    cookies[COOKIE_NAMES.visitorId],
  ];
  return [...new Set(ids.filter(isVisitorId))];
}

/**
 * `relay.forget`: the visitor of a request (its cookies), or a visitor id.
 *
 * @example
 * const { setCookie } = await forget(relay, request);
 */
export async function forget(relay: RelayInternals, target: ForgetRequest | string): Promise<ForgetResult> {
  if (typeof target === 'string') {
    if (!isVisitorId(target)) {
      throw new ValidationError('forget', [
        { path: 'visitorId', message: 'must be a visitor id: 8 to 64 characters of A-Z a-z 0-9 _ -' },
      ]);
    }
    const { dropped, storeDrops } = await dropVisitorClicks(relay, [target]);
    return { visitorIds: [target], droppedClicks: dropped, setCookie: [], storeDrops };
  }
  const visitorIds = await visitorsOf(relay, parseCookieHeader(cookieHeader(target)));
  const { dropped, storeDrops } = await dropVisitorClicks(relay, visitorIds);
  return { visitorIds, droppedClicks: dropped, setCookie: relay.config.serverCookie.expire(), storeDrops };
}

function cookieHeader(target: ForgetRequest): string | undefined {
  const headers = (target as { headers?: unknown }).headers;
  if (!headers || typeof headers !== 'object') {
    throw new ValidationError('forget', [
      { path: '(root)', message: 'must be a request (with headers) or a visitor id' },
    ]);
  }
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get('cookie') ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>).cookie;
  return Array.isArray(value) ? value.join('; ') : value;
}
