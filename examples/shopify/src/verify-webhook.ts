import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Shopify's webhook check, as shopify.dev documents it: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the
 * raw body (the bytes, before any JSON parsing) under the app's client secret. Compared in constant time.
 */
export function verifyShopifyWebhook(
  rawBody: Buffer,
  hmacHeader: string | undefined,
  secret: string,
): boolean {
  if (!hmacHeader || !secret) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(hmacHeader, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
