import { COOKIE_NAMES, encodeTouches, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { attribution, order, useConversionSetup } from '../../test/fixtures/conversion';
import { avantlinkTouch, VISITOR_ID } from '../../test/fixtures/relay';
import type { ConversionInput } from './conversion/conversion-types';
import { memoryStoreMessage } from './default-store';

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

describe('honest warnings', () => {
  it('on a plain-http page (not localhost), names cookie.secure as the likely cause', async () => {
    const relay = relayWith();
    const request = browserCookieOnly();
    const lan = new Request('http://192.168.1.20:3000/thank-you', {
      headers: { cookie: request.headers.get('cookie')!, referer: 'http://192.168.1.20:3000/cart' },
    });
    await relay.recordConversion({ order, request: lan });
    expect(warnings()).toEqual([
      {
        type: 'warning',
        code: 'secure-cookie-over-http',
        message: expect.stringMatching(/plain http.*cookie\.secure.*secure: false/),
      },
    ]);
  });

  it('on localhost over http (where browsers keep a Secure cookie), blames the collect endpoint as before', async () => {
    const relay = relayWith();
    const request = browserCookieOnly();
    const local = new Request('http://localhost:3000/thank-you', {
      headers: { cookie: request.headers.get('cookie')!, referer: 'http://localhost:3000/cart' },
    });
    await relay.recordConversion({ order, request: local });
    expect(warnings().map((warning) => (warning as { code: string }).code)).toEqual(['browser-cookie-only']);
  });

  it('says a Node below 22.13 is too old when the relay falls back to memory', () => {
    expect(memoryStoreMessage('20.18.0')).toMatch(/^Node 20\.18\.0 is older than the supported 22\.13/);
    expect(memoryStoreMessage('22.12.0')).toMatch(/older than the supported 22\.13/);
    expect(memoryStoreMessage('22.13.0')).toMatch(/^node:sqlite is not available here/);
    expect(memoryStoreMessage(undefined)).toMatch(/^node:sqlite is not available here/);
  });
});
