/*
 * The demo's own consent setting: a `demo_consent` cookie that the storefront's banner and the QA
 * console set. It decides the script tag's `data-consent`, and whether checkout may read clicks.
 * `banner` puts a real consent banner on the pages instead (vanilla-cookieconsent, from npm), wired
 * through Google Consent Mode to the consent script tag: the shopper's choice there decides.
 */

export const CONSENT_COOKIE = 'demo_consent';
export type Consent = 'granted' | 'pending' | 'banner';

/** Granted unless the visitor (or the console) set it to pending, or to the consent banner. */
export function consentOf(cookies: Record<string, string>): Consent {
  const value = cookies[CONSENT_COOKIE];
  return value === 'pending' || value === 'banner' ? value : 'granted';
}
