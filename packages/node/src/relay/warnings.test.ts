import { COOKIE_NAMES, encodeTouches, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { attribution, order, useConversionSetup } from '../../test/fixtures/conversion';
import { avantlinkTouch, VISITOR_ID } from '../../test/fixtures/relay';
import type { ConversionInput } from './conversion/conversion-types';

const { avantlink, events, relayWith } = useConversionSetup();

/** A checkout request that carries only the browser script's cookies: no signed server cookie. */
function browserCookieOnly(): Request {
  const cookie = `${COOKIE_NAMES.browserTouches}=${encodeTouches([avantlinkTouch()])}; ${COOKIE_NAMES.visitorId}=${VISITOR_ID}`;
  return new Request('http://shop.test/thank-you', { headers: { cookie } });
}

const warnings = () => events.filter((event) => event.type === 'warning');

describe('loud misconfiguration: a sale credited from the browser cookie alone', () => {
  it('warns once per relay that the collect endpoint is probably not mounted, and still sends', async () => {
    const relay = relayWith();
    const first = await relay.recordConversion({ order, request: browserCookieOnly() });
    const second = await relay.recordConversion({
      order: { ...order, orderId: 'order-2' },
      request: browserCookieOnly(),
    });
    expect([first.results.avantlink, second.results.avantlink]).toEqual([
      { status: 'sent' },
      { status: 'sent' },
    ]);
    expect(avantlink.orders).toHaveLength(2);
    expect(warnings()).toEqual([
      { type: 'warning', code: 'browser-cookie-only', message: expect.stringContaining('collect endpoint') },
    ]);
  });

  it('says nothing when the attribution comes from the signed server cookie', async () => {
    await relayWith().recordConversion({ order, attribution: attribution() });
    expect(avantlink.orders).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('says nothing when the browser cookie credits no one (nothing sent)', async () => {
    const request = new Request('http://shop.test/thank-you', { headers: { cookie: 'other=1' } });
    await relayWith().recordConversion({ order, request });
    expect(warnings()).toEqual([]);
  });
});

describe('loud misconfiguration: an order with neither request nor attribution', () => {
  it('is a ValidationError that says what to pass, and nothing is recorded or sent', async () => {
    // The compiler refuses it too (ConversionInput needs one of the two): this is the JavaScript caller.
    const input = { order } as unknown as ConversionInput;
    const failure = await relayWith()
      .recordConversion(input)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).issues).toEqual([
      { path: 'request', message: expect.stringContaining('attribution: null') },
    ]);
    expect(avantlink.requests).toEqual([]);
  });

  it('attribution: null says there is none on purpose: every network skipped, no error', async () => {
    const { results } = await relayWith().recordConversion({ order, attribution: null });
    expect(results.avantlink).toEqual({ status: 'skipped', reason: 'no-attribution' });
  });
});
