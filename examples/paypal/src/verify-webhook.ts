import { verify } from 'node:crypto';
import { crc32 } from 'node:zlib';

/*
 * PayPal's webhook check without an API call, as PayPal documents it ("verify the signature yourself"): the
 * `PAYPAL-TRANSMISSION-SIG` header is an RSA-SHA256 signature (base64) of
 * `<transmission id>|<transmission time>|<webhook id>|<CRC32 of the raw body, decimal>`, made with the key of the
 * certificate at `PAYPAL-CERT-URL`. The certificate is fetched only from PayPal's own host (`certUrlPrefix`), and
 * kept. (The other way is PayPal's `POST /v1/notifications/verify-webhook-signature`.)
 */

const certificates = new Map<string, string>();

export async function verifyPayPalWebhook(
  rawBody: Buffer,
  headers: Record<string, string | string[] | undefined>,
  options: { webhookId: string; certUrlPrefix: string },
): Promise<boolean> {
  const header = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  const id = header('paypal-transmission-id');
  const time = header('paypal-transmission-time');
  const signature = header('paypal-transmission-sig');
  const certUrl = header('paypal-cert-url');
  if (!id || !time || !signature || !certUrl || !options.webhookId) return false;
  if (header('paypal-auth-algo') !== 'SHA256withRSA' || !certUrl.startsWith(options.certUrlPrefix))
    return false;
  let certificate = certificates.get(certUrl);
  if (!certificate) {
    const response = await fetch(certUrl);
    if (!response.ok) return false;
    certificate = await response.text();
    certificates.set(certUrl, certificate);
  }
  const message = `${id}|${time}|${options.webhookId}|${crc32(rawBody)}`;
  try {
    return verify('sha256', Buffer.from(message), certificate, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
