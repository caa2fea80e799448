import { ConfigError } from '@affiliate-relay/core';

/*
 * The server's own consent rule, for what it sees without the browser script: a landing it renders
 * (`captureFromRequest`) and a beacon that reaches the collect endpoint. Global Privacy Control
 * (`Sec-GPC: 1`) refuses both, as it does in the script; a shop's function reading its consent
 * banner's cookie decides the rest. It fails closed where the server is the only judge (a landing);
 * a beacon is the script's word that its own consent state is granted, so there only a "no" refuses.
 */

/** What the shop's `consent.allows` function reads of a request. */
export interface ConsentRequest {
  /** Who asks: `capture` (`captureFromRequest`, a landing the server renders) or `collect` (a beacon). */
  operation: 'capture' | 'collect';
  /** The request's URL (the landing's, or the collect endpoint's). */
  url: string;
  /** The request's headers. */
  headers: { get(name: string): string | null };
  /** The request's cookies by name, values raw as sent (percent-encoding left as it is). */
  cookies: Readonly<Record<string, string>>;
}

/** The `consent` option of `createRelay`: who may be tracked from a request the server sees. */
export interface RelayConsentOptions {
  /**
   * Honour Global Privacy Control: a request with `Sec-GPC: 1` is never captured, and the collect
   * endpoint refuses it (403 `no_consent`); `allows` cannot override it. Turn it off only where the
   * law and your policy allow, and turn off the browser script's `gpc` source with it. Default: true.
   */
  gpc?: boolean;
  /**
   * Reads the shopper's choice from the request, usually your consent banner's cookie
   * (`euconsent-v2` for IAB TCF, `OptanonConsent` for OneTrust): `true` allows, `false` refuses,
   * `undefined` is unknown. `captureFromRequest` captures only on `true`: unknown fails closed. The
   * collect endpoint refuses on `false` (403 `no_consent`); on unknown it takes the beacon, which the
   * browser script sends only once its own consent state is granted. A function that throws or
   * answers anything else is unknown (a `relay-error` event with `operation: 'consent'` tells).
   * It runs on the request: keep it a quick read, no network call. Default: none (GPC alone decides).
   *
   * @example
   * allows: ({ cookies }) => {
   *   const groups = new URLSearchParams(cookies.OptanonConsent ?? '').get('groups');
   *   return groups ? groups.split(',').includes('C0004:1') : undefined;
   * }
   */
  allows?: (request: ConsentRequest) => boolean | undefined;
}

/**
 * Why consent refused a request: `gpc` (it sent `Sec-GPC: 1`), `denied` (`allows` said no) or
 * `unknown` (`allows` could not tell, which refuses `captureFromRequest` only).
 */
export type ConsentRefusal = 'gpc' | 'denied' | 'unknown';

/** {@link RelayConsentOptions} checked, with the defaults applied. */
export interface ResolvedConsent {
  gpc: boolean;
  allows?: RelayConsentOptions['allows'];
}

/**
 * @example
 * resolveConsent({ gpc: false }); // { gpc: false }
 */
export function resolveConsent(options: RelayConsentOptions | undefined): ResolvedConsent {
  if (options === undefined) return { gpc: true };
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('consent must be an object: { gpc?, allows? }');
  }
  const { gpc = true, allows } = options;
  if (typeof gpc !== 'boolean') throw new ConfigError('consent.gpc must be true or false');
  if (allows !== undefined && typeof allows !== 'function') {
    throw new ConfigError('consent.allows must be a function of the request');
  }
  return allows ? { gpc, allows } : { gpc };
}

/** Whether the request sends Global Privacy Control (`Sec-GPC: 1`, the only valid value). */
export function sendsGpc(headers: ConsentRequest['headers']): boolean {
  return headers.get('sec-gpc')?.trim() === '1';
}

/**
 * Why the rule refuses this request, or undefined when it may be tracked.
 *
 * @example
 * const refused = consentRefusal(config.consent, { operation: 'capture', url, headers, cookies }, (error) =>
 *   config.events.emit({ type: 'relay-error', operation: 'consent', error }),
 * );
 * if (refused) return { setCookie: [], attribution, added: [], refused };
 */
export function consentRefusal(
  rule: ResolvedConsent,
  request: ConsentRequest,
  /** Told when `allows` throws (the answer is then unknown). */
  onError: (error: unknown) => void,
): ConsentRefusal | undefined {
  if (rule.gpc && sendsGpc(request.headers)) return 'gpc';
  if (!rule.allows) return undefined;
  let answer: unknown;
  try {
    answer = rule.allows(request);
  } catch (error) {
    onError(error);
  }
  if (answer === true) return undefined;
  if (answer === false) return 'denied';
  return request.operation === 'capture' ? 'unknown' : undefined;
}

/** The sentence a refused beacon's answer carries, for the developer reading the network tab. */
export function consentReason(refused: ConsentRefusal): string {
  return refused === 'gpc'
    ? 'The request sends Sec-GPC: 1 (Global Privacy Control): nothing is stored or sent for it'
    : 'The shop’s consent rule (consent.allows) refused this request: nothing is stored or sent for it';
}
