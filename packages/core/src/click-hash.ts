import type { BuiltInNetworkId } from './networks';
import type { Touch } from './touch';

/** One letter per built-in network, as the cookie value writes it (any other network is written by its id). */
export const NETWORK_CODES: Record<BuiltInNetworkId, string> = { avantlink: 'a', aflite: 'f' };

/**
 * A short hash of one click: its network's letter and a 32-bit FNV-1a hash of its id (UTF-16 code units), in base
 * 36, e.g. `a1x9k2f`. The cookies remember clicks seen before by this hash, not by their ids: a few of them fit
 * beside two 512-byte ids, and nothing of the id itself is kept. Two different ids of one network share a hash
 * about once in four billion; such a new click would then pass for one seen before. (Not the relay's click key,
 * which names a click's delivery in the store.)
 *
 * NOTE: built-in networks only: this is the browser script's code, kept as small as the script tag's budget needs.
 * The server hashes a touch of any network with `anyClickHash`, which gives this for a built-in one.
 *
 * @example
 * clickHash({ network: 'avantlink', clickId: '77_f3afbe121' }); // → 'a…' (8 characters at most)
 */
export function clickHash(touch: Pick<Touch, 'network' | 'clickId'>): string {
  const id = touch.clickId;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return NETWORK_CODES[touch.network as BuiltInNetworkId] + (hash >>> 0).toString(36);
}

/**
 * Whether an `ar_ack` value acknowledges a touch: the server signed it into `ar_attr`. A touch of a built-in
 * network (see {@link clickHash}); the hashes of other networks in the value are never matched by it.
 *
 * @example
 * if (!isAcknowledged(readCookie('ar_ack'), touch)) resend();
 */
export function isAcknowledged(ack: string | undefined, touch: Pick<Touch, 'network' | 'clickId'>): boolean {
  return !!ack?.split('.').includes(clickHash(touch));
}
