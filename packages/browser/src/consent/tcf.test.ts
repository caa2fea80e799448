import { afterEach, describe, expect, it, vi } from 'vitest';
import { tcfConsent, transparencyConsentFramework } from './tcf';

afterEach(() => {
  vi.unstubAllGlobals();
});

const tcData = (eventStatus: string, purpose1: boolean, vendors: Record<number, boolean> = {}) => ({
  eventStatus,
  gdprApplies: true,
  purpose: { consents: { 1: purpose1, 2: true } },
  vendor: { consents: vendors },
});

describe('tcfConsent', () => {
  it.each([
    ['tcloaded', true, undefined, true],
    ['useractioncomplete', true, undefined, true],
    ['useractioncomplete', false, undefined, false],
    ['tcloaded', false, undefined, false],
    // The banner is showing: no choice yet.
    ['cmpuishown', true, undefined, undefined],
    ['cmpuishown', false, undefined, undefined],
    ['', true, undefined, undefined],
  ])('%s with purpose 1 %s (vendor %s) → %s', (status, purpose1, vendor, expected) => {
    expect(tcfConsent(tcData(status, purpose1), vendor)).toBe(expected);
  });

  it('needs the vendor consent too when a vendor id is given', () => {
    expect(tcfConsent(tcData('tcloaded', true, { 907: true }), 907)).toBe(true);
    expect(tcfConsent(tcData('tcloaded', true, { 907: false }), 907)).toBe(false);
    expect(tcfConsent(tcData('tcloaded', true, {}), 907)).toBe(false);
    expect(tcfConsent(tcData('tcloaded', false, { 907: true }), 907)).toBe(false);
  });

  it('gdprApplies false: consent is not required, granted; gdprApplies unset still needs purpose 1', () => {
    expect(tcfConsent({ eventStatus: 'tcloaded', gdprApplies: false })).toBe(true);
    const { gdprApplies: _, ...unset } = tcData('tcloaded', false);
    expect(tcfConsent(unset)).toBe(false);
  });

  it('is no decision on garbage: null, a string, no eventStatus; throws on TCData without purposes', () => {
    expect(tcfConsent(null)).toBeUndefined();
    expect(tcfConsent('tcloaded')).toBeUndefined();
    expect(tcfConsent({ gdprApplies: false })).toBeUndefined();
    expect(() => tcfConsent({ eventStatus: 'tcloaded', gdprApplies: true })).toThrow(TypeError);
  });
});

describe('transparencyConsentFramework', () => {
  it('throws while there is no __tcfapi (the watcher asks again later)', () => {
    vi.stubGlobal('__tcfapi', undefined);
    expect(() => transparencyConsentFramework()(() => undefined)).toThrow(TypeError);
  });

  it('adds a version 2 listener; a failed call (success false) is no decision', () => {
    const calls: unknown[][] = [];
    let listener: (data: unknown, success: boolean) => void = () => undefined;
    vi.stubGlobal('__tcfapi', (...args: unknown[]) => {
      calls.push(args.slice(0, 2));
      listener = args[2] as typeof listener;
    });
    const votes: unknown[] = [];
    expect(transparencyConsentFramework(907)((read) => votes.push(read()))).toBe(true);
    expect(calls).toEqual([['addEventListener', 2]]);
    listener(null, false);
    listener(tcData('tcloaded', true, { 907: true }), true);
    listener(tcData('useractioncomplete', true, { 907: false }), true);
    expect(votes).toEqual([undefined, true, false]);
  });
});
