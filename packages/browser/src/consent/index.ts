import type { AffiliateRelay } from '../init';
import { globalPrivacyControl } from './global-privacy-control';
import { googleConsentMode } from './google-consent-mode';
import { shopifyCustomerPrivacy } from './shopify';
import { transparencyConsentFramework } from './tcf';
import { type ConsentSource, type ConsentWatch, watchConsent } from './watch';

/*
 * Entry `@affiliate-relay/browser/consent`: the consent sources, apart from the main script so that a shop
 * that wires its banner by hand (grantConsent / revokeConsent) carries none of them.
 */

/** Which consent sources move the script, each optional; several combine (a denial from any one wins). */
export interface ConsentSources {
  /**
   * Google Consent Mode v2: `ad_storage` in the `update` commands of the data layer. `true` reads
   * `window.dataLayer`; a string names another data layer (GTM's `dataLayerName`). A `default` never grants.
   * Default: off.
   */
  gcm?: boolean | string;
  /** IAB TCF v2.2 through `window.__tcfapi`: purpose 1, and `tcfVendor`'s consent when given. Default: off. */
  tcf?: boolean;
  /**
   * A TCF Global Vendor List id whose consent is needed too, with `tcf`. AvantLink and Aflite have none (they
   * are not in the Global Vendor List): leave it out for them. Default: none (purpose 1 alone).
   */
  tcfVendor?: number;
  /** Shopify's Customer Privacy API (`window.Shopify.customerPrivacy`): marketing consent. Default: off. */
  shopify?: boolean;
  /** Global Privacy Control: `navigator.globalPrivacyControl === true` denies. `false` ignores it. Default: true. */
  gpc?: boolean;
}

/** The consent script tag's `dataset`: the same names, every value a string (`data-gcm`, `data-tcf-vendor="907"`). */
export type ConsentScriptData = { [name in keyof ConsentSources]?: string };

export type { AffiliateRelay } from '../init';
export type { ConsentStatus, ConsentWatch } from './watch';

// A data attribute with no value (`data-tcf`) is on, as `true` is; `false` (or "false") is off.
const on = (value: unknown) => value !== undefined && String(value) !== 'false';

/**
 * Moves the running instance with the shop's consent sources: `grantConsent()` when they grant,
 * `revokeConsent()` when one denies. Start the script with consent `'pending'`: until a source decides, it
 * stores and sends nothing (an unset value, a CMP that never loads or answers garbage decide nothing). Connects to
 * `relay`, else to the instance `init` started in this window, or will start. Never throws into the page.
 *
 * @example
 * import { init } from '@affiliate-relay/browser';
 * import { connectConsent } from '@affiliate-relay/browser/consent';
 *
 * const relay = init({ consent: 'pending' });
 * connectConsent({ gcm: true, tcf: true }, relay);
 */
export function connectConsent(
  sources: ConsentSources | ConsentScriptData = {},
  relay?: AffiliateRelay,
): ConsentWatch {
  const connected: [string, ConsentSource][] = [];
  const layer = String(sources.gcm);
  if (String(sources.gpc) !== 'false') connected.push(['gpc', globalPrivacyControl]);
  if (on(sources.gcm))
    connected.push(['gcm', googleConsentMode(/^(true)?$/.test(layer) ? 'dataLayer' : layer)]);
  if (on(sources.tcf))
    connected.push(['tcf', transparencyConsentFramework(Number(sources.tcfVendor) || undefined)]);
  if (on(sources.shopify)) connected.push(['shopify', shopifyCustomerPrivacy]);
  return watchConsent(connected, relay);
}
