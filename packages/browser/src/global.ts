import { type AffiliateRelay, init } from './init';

/*
 * Entry of the script-tag build (`dist/affiliate-relay.global.js`): starts from its tag's data-endpoint,
 * data-cookie-domain, data-window-days and data-consent attributes (dataset names match the options) and
 * exposes the result as `window.AffiliateRelay`.
 * The tag is document.currentScript while a classic script runs. That is null for `<script type="module">` and
 * some loaders, so then it is the first script marked `data-affiliate-relay` or whose src names
 * "affiliate-relay" (not the consent tag's: its attributes would start the script without data-consent, failing
 * open where the consent tag comes first in the page). When no tag is found the script fails closed: consent pending (README), because starting
 * with the default would store and beacon on a page whose tag asked for data-consent="pending".
 */
try {
  const tag =
    document.currentScript ??
    document.querySelector<HTMLScriptElement>(
      'script[data-affiliate-relay],script[src*=affiliate-relay]:not([src*=consent])',
    );
  // Loaded twice, the second copy leaves the first one's instance in place (init returns it anyway).
  (window as Window & { AffiliateRelay?: AffiliateRelay }).AffiliateRelay ??= init(
    tag ? tag.dataset : { consent: 'pending' },
  );
} catch {
  // Never into the page.
}
