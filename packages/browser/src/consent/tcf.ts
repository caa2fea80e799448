import type { ConsentSource } from './watch';

/** The parts of IAB TCF v2.2's TCData this reads. */
export interface TcData {
  eventStatus?: string;
  gdprApplies?: boolean;
  purpose?: { consents?: Record<number, boolean> };
  vendor?: { consents?: Record<number, boolean> };
}

/**
 * Consent from a TCF v2.2 `addEventListener` callback. Only `tcloaded` (a choice made before) and
 * `useractioncomplete` (a choice made now) decide; `cmpuishown` and the rest are no decision (undefined).
 * `gdprApplies === false`: consent is not required, true. Otherwise purpose 1 (store and access information on a
 * device) consented, and `vendorId`'s consent when one is given. TCData without those fields throws (no decision).
 *
 * @example
 * tcfConsent({ eventStatus: 'tcloaded', gdprApplies: true, purpose: { consents: { 1: true } } }); // → true
 */
export function tcfConsent(data: unknown, vendorId?: number): boolean | undefined {
  const tc = data as TcData | null;
  if (!/^(tcloaded|useractioncomplete)$/.test(tc?.eventStatus as string)) return;
  if (tc!.gdprApplies === false) return true;
  return tc!.purpose!.consents![1] === true && (!vendorId || tc!.vendor!.consents![vendorId] === true);
}

type TcfApi = (command: string, version: number, callback: (data: unknown, success: boolean) => void) => void;

/**
 * IAB TCF v2.2 through `window.__tcfapi('addEventListener', 2, …)`: the CMP calls back with its current state
 * at once (whether it loaded before or after this script) and again after every user action.
 *
 * @example
 * watchConsent([['tcf', transparencyConsentFramework(907)]]);
 */
export function transparencyConsentFramework(vendorId?: number): ConsentSource {
  // No __tcfapi yet throws a TypeError: it is looked for again.
  return (vote) => {
    (globalThis as { __tcfapi?: TcfApi }).__tcfapi!('addEventListener', 2, (data, success) =>
      vote(() => (success ? tcfConsent(data, vendorId) : undefined)),
    );
    return true;
  };
}
