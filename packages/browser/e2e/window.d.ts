import type { AffiliateRelay } from '../src/index';

declare global {
  interface Window {
    /** Set by the script-tag build, and by the npm test page. */
    AffiliateRelay?: AffiliateRelay;
  }
}
