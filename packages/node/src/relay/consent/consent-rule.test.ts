import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { MERCHANT_ID, SECRET } from '../../../test/fixtures/relay';
import { createRelay } from '../create-relay';
import { type ConsentRequest, consentRefusal, resolveConsent } from './consent-rule';

function request(
  operation: ConsentRequest['operation'],
  headers: Record<string, string> = {},
): ConsentRequest {
  return { operation, url: 'http://shop.test/?avad=1_a', headers: new Headers(headers), cookies: {} };
}

const noError = (error: unknown) => {
  throw error;
};

describe('resolveConsent', () => {
  it('honours GPC by default, with no allows', () => {
    expect(resolveConsent(undefined)).toEqual({ gpc: true });
    expect(resolveConsent({})).toEqual({ gpc: true });
  });

  it('refuses options of the wrong type with a ConfigError', () => {
    expect(() => resolveConsent('off' as never)).toThrow(ConfigError);
    expect(() => resolveConsent({ gpc: 'no' as never })).toThrow('consent.gpc must be true or false');
    expect(() => resolveConsent({ allows: true as never })).toThrow('consent.allows must be a function');
  });

  it('names a misspelt option through createRelay', () => {
    expect(() =>
      createRelay({
        avantlink: { merchantId: MERCHANT_ID },
        cookie: { secret: SECRET },
        consent: { alows: () => true } as never,
      }),
    ).toThrow('consent.alows: did you mean allows?');
  });
});

describe('consentRefusal', () => {
  it('reads only the value 1 of Sec-GPC as a signal', () => {
    const rule = resolveConsent(undefined);
    expect(consentRefusal(rule, request('collect', { 'sec-gpc': '1' }), noError)).toBe('gpc');
    expect(consentRefusal(rule, request('collect', { 'sec-gpc': ' 1 ' }), noError)).toBe('gpc');
    expect(consentRefusal(rule, request('collect', { 'sec-gpc': '0' }), noError)).toBeUndefined();
    expect(consentRefusal(rule, request('capture'), noError)).toBeUndefined();
  });

  it('takes only true as a grant: anything else is unknown, which refuses a capture only', () => {
    for (const answer of [undefined, 'yes', 1, null]) {
      const rule = resolveConsent({ allows: () => answer as never });
      expect(consentRefusal(rule, request('capture'), noError)).toBe('unknown');
      expect(consentRefusal(rule, request('collect'), noError)).toBeUndefined();
    }
    const denies = resolveConsent({ allows: () => false });
    expect(consentRefusal(denies, request('collect'), noError)).toBe('denied');
  });
});
