/*
 * The demo's own consent setting: a `demo_consent` cookie that the storefront's banner and the QA
 * console set. It decides the script tag's `data-consent`, and whether checkout may read clicks.
 */

export const CONSENT_COOKIE = 'demo_consent';
export type Consent = 'granted' | 'pending';

/** Granted unless the visitor (or the console) set it to pending. */
export function consentOf(cookies: Record<string, string>): Consent {
  return cookies[CONSENT_COOKIE] === 'pending' ? 'pending' : 'granted';
}
