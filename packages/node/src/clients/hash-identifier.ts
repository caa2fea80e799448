/**
 * SHA-256 (hex) of a trimmed, lower-cased identifier. The networks forbid personal data in any
 * field; when an email address (or a phone number) is the only user id a shop has, send this
 * instead. The same input always gives the same id, so the network can still join the visits.
 *
 * @example
 * await client.trackClick({ userIds: [await hashIdentifier('Ann@Example.com ')], userAgent, currentUrl });
 */
export async function hashIdentifier(value: string): Promise<string> {
  // WebCrypto, not node:crypto, so the package also runs where Node's modules are absent (edge runtimes).
  const digest = await globalThis.crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(value.trim().toLowerCase()),
  );
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a value looks like a raw email address (which must be hashed before it is sent). */
export function looksLikeEmail(value: string): boolean {
  return EMAIL_LIKE.test(value.trim());
}
