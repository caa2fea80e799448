import { clickHash } from '../click-hash';
import { isBuiltInNetwork, NETWORKS, type NetworkId } from '../networks';
import type { Touch } from '../touch';

/*
 * Touches of any network, for the server: the built-in networks exactly as the browser script's code (core's root
 * modules) writes and reads them, every other network by its id. The script's code stays as it is, built-in
 * networks only, because every byte of it counts against the script tag's budget; these functions are supersets
 * of it (any-network.test.ts checks that they agree on built-in networks) and are never in the script.
 */

/**
 * A short hash of one click of any network: {@link clickHash} for a built-in network (`a1x9k2f`), else the
 * network's id, `:` and the same 32-bit hash of the click id in base 36 (`ledger:1x9k2f`). Never contains `.` or
 * `|`, so it can join `ar_ack` and the cookie's seen clicks.
 *
 * @example
 * anyClickHash({ network: 'ledger', clickId: 'L-77' }); // → 'ledger:…'
 */
export function anyClickHash(touch: Pick<Touch, 'network' | 'clickId'>): string {
  if (isBuiltInNetwork(touch.network)) return clickHash(touch);
  // The script's hash after its one-letter network code: the one hash function, written once.
  return `${touch.network}:${clickHash({ network: NETWORKS[0], clickId: touch.clickId }).slice(1)}`;
}

/**
 * The network a click hash (of {@link anyClickHash}) belongs to, as the hash writes it: its one-letter code for a
 * built-in network (`a`), else the network's id.
 *
 * @example
 * hashNetwork('ledger:1x9k2f'); // → 'ledger'
 */
export function hashNetwork(hash: string): NetworkId | string {
  const colon = hash.indexOf(':');
  return colon === -1 ? hash.slice(0, 1) : hash.slice(0, colon);
}

/**
 * The value of the `ar_ack` cookie for the touches the server signed: their hashes ({@link anyClickHash}),
 * joined by `.`. The script finds its own touches' hashes in it (`isAcknowledged`).
 *
 * @example
 * ackValue(signed.touches); // 'a1x9k2f.f0p3q8z'
 */
export function ackValue(touches: readonly Pick<Touch, 'network' | 'clickId'>[]): string {
  return touches.map(anyClickHash).join('.');
}
