import { type AffiliateRelay, init } from './init';

/*
 * Entry of the script-tag build (`dist/affiliate-relay.global.js`): starts from the tag's data-endpoint,
 * data-cookie-domain, data-window-days and data-consent attributes (dataset names match the options) and
 * exposes the result as `window.AffiliateRelay`. currentScript is null only in odd injections: defaults then.
 */
try {
  (window as Window & { AffiliateRelay?: AffiliateRelay }).AffiliateRelay = init(
    document.currentScript?.dataset,
  );
} catch {
  // Never into the page.
}
