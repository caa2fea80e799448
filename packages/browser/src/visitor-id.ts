// The pattern lives in core's root entry (zod-free), with visitorIdSchema built on it.
export { isVisitorId } from '@affiliate-relay/core';

/**
 * A new anonymous visitor id: a random UUID where the browser has `crypto.randomUUID` (secure contexts), else
 * 128 random bits from `crypto.getRandomValues` in hex, else (very old browsers) time and `Math.random`.
 *
 * @example
 * newVisitorId(); // → '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function newVisitorId(random: Partial<Crypto> | undefined = globalThis.crypto): string {
  try {
    // NOTE: without crypto or getRandomValues this throws a TypeError on purpose, as a blocked crypto does.
    return (
      random!.randomUUID?.() ??
      Array.from(random!.getRandomValues!(new Uint8Array(16)), (byte) =>
        (byte + 256).toString(16).slice(1),
      ).join('')
    );
  } catch {
    // An id from time and Math.random is weaker but still keeps visitors apart.
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12).padEnd(10, '0');
  }
}
