import type { ConsentWatch } from '../src/consent/index';
import type { AffiliateRelay } from '../src/index';

declare global {
  interface Window {
    /** Set by the script-tag build, and by the npm test page. */
    AffiliateRelay?: AffiliateRelay;
    /** Set by the consent script tag, and by the npm test page when it loads the consent sources. */
    AffiliateRelayConsent?: ConsentWatch;
    /** The test CMP (e2e/consent/tcf-cmp.ts), on IAB's CmpApi. */
    TestCmp?: { start(): { update(tcString: string | null, uiVisible?: boolean): void } };
    /** The test page's CMP, once started. */
    cmp?: { update(tcString: string | null, uiVisible?: boolean): void };
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}
