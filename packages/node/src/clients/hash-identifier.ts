import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a trimmed, lower-cased identifier. The networks forbid personal data in any
 * field; when an email address (or a phone number) is the only user id a shop has, send this
 * instead. The same input always gives the same id, so the network can still join the visits.
 *
 * @example
 * await client.trackClick({ userIds: [hashIdentifier('Ann@Example.com ')], userAgent, currentUrl });
 */
export function hashIdentifier(value: string): string {
  return createHash('sha256').update(value.trim().toLowerCase(), 'utf8').digest('hex');
}

const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whether a value looks like a raw email address (which must be hashed before it is sent). */
export function looksLikeEmail(value: string): boolean {
  return EMAIL_LIKE.test(value.trim());
}
