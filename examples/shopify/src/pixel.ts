/*
 * The Web Pixel (a Shopify app extension, `extensions/affiliate-relay-pixel/src/index.ts`):
 *
 *   import { register } from '@shopify/web-pixels-extension';
 *   import { checkoutPixel } from './pixel';
 *   register(checkoutPixel);
 *
 * Shop Pay and other accelerated checkouts are known to drop cart attributes. On `checkout_completed` the pixel
 * posts the checkout's token (`event.data.checkout.token`, equal to the order's `checkout_token`) with the hand-off
 * the storefront kept in its `ar_handoff` cookie, so the app server can credit an order that came without it.
 * The types below are the part of the Web Pixels API it uses (`@shopify/web-pixels-extension` has them in full).
 */

/** What `register` hands the pixel. */
export interface PixelApi {
  analytics: {
    subscribe(
      event: 'checkout_completed',
      callback: (event: { data: { checkout: { token?: string | null } } }) => void | Promise<void>,
    ): void;
  };
  browser: { cookie: { get(name: string): Promise<string> } };
  /** The pixel's settings (shopify.extension.toml): the app proxy's pixel endpoint. */
  settings: { endpoint: string };
}

export function checkoutPixel({ analytics, browser, settings }: PixelApi): void {
  analytics.subscribe('checkout_completed', async (event) => {
    try {
      const checkoutToken = event.data.checkout.token;
      // `ar_handoff` is the opaque token, then `.` and the server's click hashes.
      const handoff = (await browser.cookie.get('ar_handoff')).split('.')[0];
      if (!checkoutToken || !handoff) return;
      // text/plain: no CORS preflight from the pixel's sandbox.
      await fetch(settings.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ checkoutToken, handoff }),
        keepalive: true,
      });
    } catch {
      // A pixel never breaks the checkout.
    }
  });
}
