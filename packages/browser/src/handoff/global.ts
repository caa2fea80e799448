import { type HandoffTarget, passHandoff } from './index';

/*
 * Entry of the hand-off script tag (`dist/affiliate-relay.handoff.global.js`), configured by its tag's data-*:
 * `data-into` is `shopify-cart` (the default: the cart attribute `_ar_handoff` through `/cart/update.js`),
 * `forms` or `links` (with `data-selector`, the CSS selector of the forms or links, and `data-field`, the field or
 * URL parameter name, default `ar_handoff`); `data-endpoint` is the relay's hand-off endpoint (default
 * `/affiliate-relay/handoff`). Forms and links are looked for once the document is parsed. Exposes
 * `window.AffiliateRelayHandoff`: `ready` (the hand-off put, or undefined) and `pass` for a later call (a cart
 * drawer). Never throws into the page.
 */
try {
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {};
  const options = data.endpoint ? { endpoint: data.endpoint } : {};
  const into = data.into ?? 'shopify-cart';
  const found = () => document.querySelectorAll<HTMLFormElement & HTMLAnchorElement>(data.selector || 'form');
  const target = (): HandoffTarget =>
    into === 'forms'
      ? { forms: found(), ...(data.field ? { field: data.field } : {}) }
      : into === 'links'
        ? { links: found(), ...(data.field ? { param: data.field } : {}) }
        : { shopifyCart: true, ...(data.field ? { attribute: data.field } : {}) };
  const parsed = new Promise<void>((resolve) => {
    if (document.readyState !== 'loading') resolve();
    else document.addEventListener('DOMContentLoaded', () => resolve());
  });
  (window as { AffiliateRelayHandoff?: unknown }).AffiliateRelayHandoff = {
    ready: parsed.then(() => passHandoff(target(), options)),
    pass: passHandoff,
  };
} catch {
  // Never into the page.
}
