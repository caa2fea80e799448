import { connectConsent } from './index';

/*
 * Entry of the consent script tag (`dist/affiliate-relay.consent.global.js`): reads its tag's data-gcm,
 * data-tcf, data-tcf-vendor, data-shopify and data-gpc attributes, connects to the script's instance (running
 * already, or started later: see watchConsent) and exposes where consent stands as `window.AffiliateRelayConsent`.
 * Its tag is document.currentScript: a classic script (async and defer are fine). As `type="module"` it finds no
 * tag, so no attributes: only GPC is read, and nothing grants (it fails closed).
 */
try {
  (window as { AffiliateRelayConsent?: unknown }).AffiliateRelayConsent = connectConsent(
    (document.currentScript as HTMLScriptElement | null)?.dataset,
  );
} catch {
  // Never into the page.
}
