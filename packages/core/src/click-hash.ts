import type { NetworkId } from './networks';
import type { Touch } from './touch';

/** One letter per network, as the cookie value writes it. */
export const NETWORK_CODES: Record<NetworkId, string> = { avantlink: 'a', aflite: 'f' };

/**
 * A short hash of one click: its network's letter and a 32-bit FNV-1a hash of its id (UTF-16 code units), in base
 * 36, e.g. `a1x9k2f`. The cookies remember clicks seen before by this hash, not by their ids: a few of them fit
 * beside two 512-byte ids, and nothing of the id itself is kept. Two different ids of one network share a hash
 * about once in four billion; such a new click would then pass for one seen before. (Not the relay's click key,
 * which names a click's delivery in the store.)
 *
 * @example
 * clickHash({ network: 'avantlink', clickId: '77_f3afbe121' }); // → 'a…' (8 characters at most)
 */
export function clickHash(touch: Pick<Touch, 'network' | 'clickId'>): string {
  const id = touch.clickId;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return NETWORK_CODES[touch.network] + (hash >>> 0).toString(36);
}

/**
 * The value of the `ar_ack` cookie for the touches the server signed: their hashes, joined by `.`.
 *
 * @example
 * ackValue(signed.touches); // 'a1x9k2f.f0p3q8z'
 */
export function ackValue(touches: readonly Pick<Touch, 'network' | 'clickId'>[]): string {
  return touches.map(clickHash).join('.');
}

/**
 * Whether an `ar_ack` value acknowledges a touch: the server signed it into `ar_attr`.
 *
 * @example
 * if (!isAcknowledged(readCookie('ar_ack'), touch)) resend();
 */
export function isAcknowledged(ack: string | undefined, touch: Pick<Touch, 'network' | 'clickId'>): boolean {
  return !!ack?.split('.').includes(clickHash(touch));
}
