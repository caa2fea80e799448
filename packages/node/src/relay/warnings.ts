import type { StoreWarning } from '../delivery/contract';

/** What a `warning` event is about: each one a likely misconfiguration, not a failure of a request. */
export type RelayWarningCode =
  /**
   * A conversion was credited from the browser script's cookie alone, with no signed server cookie: the
   * collect endpoint is probably not mounted (or not reachable at the script's `data-endpoint`), so
   * AvantLink gets no click calls and Safari deletes the script's cookie after 7 days.
   */
  | 'browser-cookie-only'
  /**
   * An order id recorded before came again with another subtotal or currency: it is still a duplicate
   * (nothing is sent again). Said every time, with the order id: most often a hard-coded or reused id.
   */
  | 'repeated-order'
  /**
   * As `browser-cookie-only`, on a page the browser reached over plain http at another host than
   * localhost (a LAN address in development): browsers drop a Secure cookie there, and the server
   * cookie is Secure unless `cookie.secure` is false.
   */
  | 'secure-cookie-over-http'
  /**
   * The relay was given no store and `node:sqlite` is missing (Workers, some edge runtimes): deliveries
   * are kept in memory and do not survive a restart.
   */
  | 'memory-store'
  /**
   * The SQLite store's file was deleted or replaced while the relay ran (a cleanup job, a redeploy of
   * its folder): what the open database held was copied into a new file at the path (the store's own).
   */
  | 'store-file-replaced'
  /**
   * The SQLite store's file is on overlay or tmpfs (a container's writable layer, `/tmp`): pending
   * deliveries do not survive a redeploy or reboot (the store's own, said once at open).
   */
  | 'ephemeral-store'
  /**
   * The relay runs in test mode (`testMode`, `AFFILIATE_RELAY_TEST_MODE`): no real commission is paid,
   * and what it records is never sent live. Said once, at `createRelay`, with what each network gets.
   */
  | 'test-mode'
  /**
   * A store found a stored delivery it cannot read (hand-edited or damaged JSON): the message names the
   * delivery and each faulty field. That row is marked failed and kept as it was, never sent; the others
   * are sent as usual (the store's own).
   */
  | 'unreadable-record'
  /**
   * A conversion's hand-off was refused (malformed, edited, forged, expired, unknown, or for another
   * visitor): nothing was credited from it. Said every time, with the reason; often a platform that
   * rewrote the field, or a webhook pointed at another shop's relay.
   */
  | 'handoff-refused';

/** What each of the relay's own warnings says (a store's carry their own message). */
/** The warnings whose message names what they are about (a store's file, an order), written where they happen. */
type OwnMessage = StoreWarning['code'] | 'repeated-order' | 'test-mode' | 'handoff-refused';

export const WARNING_MESSAGES: Record<Exclude<RelayWarningCode, OwnMessage>, string> = {
  'memory-store':
    'node:sqlite is not available here: deliveries are kept in memory and do not survive a restart (pass a store: createPostgresStore, or your own)',
  'secure-cookie-over-http':
    'A conversion was credited from the browser cookie alone, on a page served over plain http: the signed server cookie is Secure (cookie.secure, default true), and browsers drop a Secure cookie over plain http except on localhost. Serve the shop over https, or for development at this address set cookie: { secure: false }.',
  'browser-cookie-only':
    'A conversion was credited from the browser cookie alone: no signed server cookie was set. Is the collect endpoint mounted where the script beacons (data-endpoint, default /affiliate-relay/collect)? Without it AvantLink gets no clicks and Safari drops the browser cookie after 7 days.',
};

/** What `warnOnce` needs of a relay (its resolved config): where its events go. */
interface WarningTarget {
  readonly events: { emit(event: { type: 'warning'; code: RelayWarningCode; message: string }): void };
}

// Per relay: a misconfiguration is said once, not on every order.
const said = new WeakMap<WarningTarget, Set<RelayWarningCode>>();

/**
 * Emits a `warning` event the first time this relay meets `code`; later calls do nothing.
 *
 * @example
 * warnOnce(config, 'browser-cookie-only');
 */
export function warnOnce(config: WarningTarget, code: Exclude<RelayWarningCode, OwnMessage>): void {
  const codes = said.get(config) ?? new Set<RelayWarningCode>();
  said.set(config, codes);
  if (codes.has(code)) return;
  codes.add(code);
  config.events.emit({ type: 'warning', code, message: WARNING_MESSAGES[code] });
}
