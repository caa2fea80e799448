import { describe, expect, it } from 'vitest';
import { afliteTouch, avantlinkTouch, beacon } from '../../../test/fixtures/relay';
import { isBeaconMediaType, parseBeacon, unencodableTouches } from './parse-beacon';

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
