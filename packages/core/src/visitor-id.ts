import { encodeBase64Url } from './base64url';

/** The little of WebCrypto used here (core compiles against the ES library only). */
declare const crypto: { getRandomValues(array: Uint8Array): Uint8Array };

/**
 * An anonymous visitor id (cookie `ar_vid`, the beacon's `visitorId`): 8 to 64 characters of `A-Z a-z 0-9 _ -`,
 * so it is cookie-safe and URL-safe as it is. The one definition: the browser, the server and `visitorIdSchema` use it.
 */
export const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Whether a value is a visitor id the collect endpoint accepts ({@link VISITOR_ID_PATTERN}).
 *
 * @example
 * isVisitorId(readCookie('ar_vid')); // a cookie edited by hand is replaced
 */
export function isVisitorId(value: unknown): value is string {
  return typeof value === 'string' && VISITOR_ID_PATTERN.test(value);
}

/**
 * A new anonymous visitor id: 16 random bytes (128 bits) from `crypto.getRandomValues`, in base64url (22
 * characters, valid for {@link VISITOR_ID_PATTERN}). The one generator: the browser script and the server make ids
 * of this one format. Where crypto is missing or blocked, the bytes come from `Math.random`: weaker, but the id
 * still keeps visitors apart. Ids of the script's earlier format (a UUID, 36 characters) still match the pattern.
 *
 * @example
 * newVisitorId(); // → 'q9Xb2_fK-0aZr1TtYy3wLg'
 */
export function newVisitorId(): string {
  let bytes = new Uint8Array(16);
  try {
    // NOTE: a bare `crypto` on purpose: where the runtime has none, the ReferenceError lands in the catch.
    crypto.getRandomValues(bytes);
  } catch {
    bytes = bytes.map(() => Math.random() * 256);
  }
  return encodeBase64Url(bytes);
}
