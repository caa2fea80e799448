import { DEFAULT_COLLECT_PATH, DEFAULT_WINDOW_DAYS, MAX_COOKIE_DAYS } from '@affiliate-relay/core';

/**
 * Whether the script may store and send anything. Fails closed: any other value (`'denied'`, `''`, a typo)
 * means `'pending'`; only `'granted'` (in any case, for a data attribute's sake) or no value grants.
 */
export type ConsentState = 'granted' | 'pending';

/** Options of {@link init}. Every one is optional. */
export interface AffiliateRelayOptions {
  /** Where the beacon goes: the shop's own collect endpoint. Default: `'/affiliate-relay/collect'`. */
  endpoint?: string;
  /**
   * Domain attribute of the cookies. Default: the registrable domain (`shop.example.co.uk` → `example.co.uk`),
   * found by probing; none (a host-only cookie) on `localhost` and IP addresses.
   */
  cookieDomain?: string;
  /** Days a click counts: the lifetime of the cookies. Default: 30. Capped at 400 (Chrome's cookie limit). */
  windowDays?: number;
  /**
   * `'pending'` stores and sends nothing until `grantConsent()`. Default: `'granted'`. Any value other than
   * `'granted'` (case-insensitive) counts as `'pending'`.
   */
  consent?: ConsentState;
  /**
   * Logs each step with console.info. Only in `@affiliate-relay/browser/debug`, the entry for development: the
   * main entry and the script tag compile logging out, and ignore this option. Default: false.
   */
  debug?: boolean;
  /** Called with any error the script caught instead of throwing into the page. Default: none. */
  onError?: (error: unknown) => void;
}

/** A script tag's `dataset`: the same names, every value a string. */
export type ScriptTagData = { [name in keyof AffiliateRelayOptions]?: string };

/** Options with their defaults applied. */
export interface ResolvedOptions {
  endpoint: string;
  cookieDomain: string | undefined;
  windowDays: number;
  /** Whether consent is granted from the start (`consent` is `'granted'`). */
  granted: boolean;
  /** Absent outside the debug entry. */
  debug?: boolean;
  onError: ((error: unknown) => void) | undefined;
}

/**
 * Applies defaults. Never throws: a missing, empty or out-of-range value falls back to its default, and a
 * script tag's string attributes are read as well as typed options.
 *
 * @example
 * resolveOptions({ windowDays: 900 }).windowDays; // → 400
 */
export function resolveOptions(options: AffiliateRelayOptions | ScriptTagData = {}): ResolvedOptions {
  const days = Number(options.windowDays);
  return {
    endpoint: options.endpoint || DEFAULT_COLLECT_PATH,
    cookieDomain: options.cookieDomain || undefined,
    windowDays: days > 0 ? Math.min(days, MAX_COOKIE_DAYS) : DEFAULT_WINDOW_DAYS,
    // Fails closed: a consent value that is set but not 'granted' ('denied', '', 'Pending') must never grant.
    granted: options.consent === undefined || /^granted$/i.test(options.consent),
    // Only in the debug entry: the main entry and the script tag have no logging to switch on.
    ...(__AR_DEBUG_BUILD__ ? { debug: options.debug === true } : {}),
    onError: options.onError as ResolvedOptions['onError'],
  };
}
