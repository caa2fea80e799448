import { describe, expect, it } from 'vitest';
import { forwardableUrl, isBeaconMediaType, parseBeacon, unencodableTouches } from './parse-beacon';
import { afliteTouch, avantlinkTouch, beacon } from './relay.fixture';

const encode = (text: string) => new TextEncoder().encode(text);

describe('isBeaconMediaType', () => {
  it('accepts text/plain, application/json (with parameters, any case) and no type', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'Application/JSON', 'text/plain', null, '']) {
      expect(isBeaconMediaType(type)).toBe(true);
    }
  });

  it('refuses forms, multipart and anything else', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/html',
    ]) {
      expect(isBeaconMediaType(type)).toBe(false);
    }
  });
});

describe('parseBeacon', () => {
  it('returns a valid beacon', async () => {
    const body = beacon();
    const parsed = await parseBeacon(encode(JSON.stringify(body)));
    expect(parsed).toEqual({ ok: true, beacon: body });
  });

  it('refuses text that is not JSON, and bytes that are not UTF-8', async () => {
    expect(await parseBeacon(encode('touches=1'))).toMatchObject({
      ok: false,
      failure: { code: 'invalid_json' },
    });
    expect(await parseBeacon(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      failure: { code: 'invalid_json' },
    });
    expect(await parseBeacon(new Uint8Array())).toMatchObject({
      ok: false,
      failure: { code: 'invalid_json' },
    });
  });

  it('names every field at fault in the reason and lists the issues', async () => {
    const bad = beacon(undefined, { visitorId: 'x', pageUrl: 'javascript:alert(1)' });
    const parsed = await parseBeacon(encode(JSON.stringify(bad)));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.failure.code).toBe('invalid_beacon');
    expect(parsed.failure.reason).toBe('The beacon is invalid at visitorId, pageUrl');
    expect(parsed.failure.issues?.map((issue) => issue.path)).toEqual(['visitorId', 'pageUrl']);
  });

  it('refuses JSON of the wrong shape at its root', async () => {
    const parsed = await parseBeacon(encode('[1,2]'));
    expect(parsed).toMatchObject({
      ok: false,
      failure: { code: 'invalid_beacon', reason: 'The beacon is invalid at (root)' },
    });
  });
});

describe('unencodableTouches', () => {
  it('names each click id or gclid the cookie codec cannot encode (a lone surrogate), whatever the schema let through', async () => {
    const touches = [
      afliteTouch({ clickId: 'abc\ud800' }),
      avantlinkTouch(),
      avantlinkTouch({ clickId: '\udc00', gclid: 'G\ud83d' }),
    ];
    expect(unencodableTouches(touches).map((issue) => issue.path)).toEqual([
      'touches.0.clickId',
      'touches.2.clickId',
      'touches.2.gclid',
    ]);
  });

  it('passes every id the codec can encode, emoji (surrogate pairs) included', async () => {
    expect(unencodableTouches([avantlinkTouch({ clickId: 'id-😀', gclid: 'G1' }), afliteTouch()])).toEqual(
      [],
    );
  });
});

describe('forwardableUrl', () => {
  it('keeps well-formed http(s) URLs as they are', () => {
    for (const url of [
      'https://shop.test/products/tent?avad=77_f3afbe121#reviews',
      'http://127.0.0.1:8080/',
      'https://xn--bcher-kva.example/%E4%B8%AD?q=%20',
      'https://bücher.example/中',
    ]) {
      expect(forwardableUrl(url)).toBe(url);
    }
  });

  it('leaves out other schemes, relative text, whitespace, controls, lone surrogates and overlong URLs', () => {
    for (const value of [
      'javascript:alert(1)',
      'mailto:a@b.example',
      '/relative/path',
      'https://',
      'https:/one-slash.example',
      ' https://lead.example/',
      'https://a.example/\u007f',
      'https://a.example/\udc00',
      `https://a.example/${'a'.repeat(2048)}`,
      42,
      undefined,
    ]) {
      expect(forwardableUrl(value)).toBeUndefined();
    }
  });
});
