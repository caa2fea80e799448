import type { ConsentSource } from './watch';

/**
 * Global Privacy Control: `navigator.globalPrivacyControl === true` is a denial (and stays one: no other source
 * can grant over it). Anything else is no decision.
 *
 * @example
 * watchConsent([['gpc', globalPrivacyControl]]);
 */
export const globalPrivacyControl: ConsentSource = (vote) => {
  vote(() => (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl !== true && undefined);
  return true;
};
