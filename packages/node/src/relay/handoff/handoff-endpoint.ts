import { checkOrigin } from '../incoming/request-origin';
import type { RelayInternals } from '../internals';
import { createHandoff } from './handoff';

/*
 * The hand-off endpoint: the storefront's own page (the browser's `@affiliate-relay/browser/handoff`) asks its
 * server for a hand-off before the shopper leaves for a checkout elsewhere. Same site only, as the collect
 * endpoint (a page on another site must not mint hand-offs on a shopper's cookies), POST only, never cached
 * (`no-store`: a hand-off is one shopper's).
 */

const HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/**
 * `POST` → `200 {"handoff":"ar1…"}` for the request's cookies; `405` for another method, `403` from another
 * site, `503` when the relay is closed or its store failed. See `Relay.handleHandoff`.
 *
 * @example
 * export const POST = (request: Request) => handleHandoff(relay, request);
 */
export async function handleHandoff(relay: RelayInternals, request: Request): Promise<Response> {
  if (request.method !== 'POST')
    return answer(405, { error: 'method_not_allowed', reason: 'POST to get a hand-off' });
  const verdict = checkOrigin(request, relay.config);
  if (!verdict.allowed) return answer(403, { error: 'cross_site', reason: verdict.reason });
  if (relay.closed) return answer(503, { error: 'relay_closed', reason: 'The relay is closed' });
  try {
    return answer(200, { handoff: await createHandoff(relay, request) });
  } catch (error) {
    relay.config.events.emit({ type: 'relay-error', operation: 'handoff', error });
    return answer(503, { error: 'unavailable', reason: 'No hand-off could be made: try again' });
  }
}

function answer(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: HEADERS });
}
