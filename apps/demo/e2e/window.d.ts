import type { ConsentWatch } from '@affiliate-relay/browser/consent';

declare global {
  interface Window {
    /** The consent script tag's state (pages with the consent banner). */
    AffiliateRelayConsent?: ConsentWatch;
  }
}
