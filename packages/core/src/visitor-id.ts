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
