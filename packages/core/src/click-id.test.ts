import { describe, expect, it } from 'vitest';
import { isAcceptableClickId } from './click-id';
import { decodeTouches, encodeTouches } from './cookie-value';
import { beaconSchema } from './schemas';

const beacon = (clickId: string) => ({
  touches: [{ network: 'avantlink', clickId, capturedAt: 1_790_000_000_000 }],
  visitorId: 'vis_3f2c1a97',
  pageUrl: 'https://s.example/',
});

describe('isAcceptableClickId', () => {
  it.each(['77_\ud800', '77_\udfff', '\udc00abc', 'a\ud83d'])(
    'refuses a lone surrogate (%j), which encodeURIComponent cannot encode',
    (clickId) => {
      expect(isAcceptableClickId(clickId)).toBe(false);
      // Why it matters: beaconSchema used to accept it, and the server's encodeTouches then threw a URIError (500).
      expect(() => encodeURIComponent(clickId)).toThrow(URIError);
      expect(beaconSchema.safeParse(beacon(clickId)).success).toBe(false);
    },
  );

  it('accepts emoji and other characters outside the BMP (well-formed surrogate pairs), which round-trip', () => {
    const clickId = '77_\ud83d\ude00_🛒_𝒳';
    expect(isAcceptableClickId(clickId)).toBe(true);
    expect(beaconSchema.safeParse(beacon(clickId)).success).toBe(true);
    const touch = { network: 'avantlink' as const, clickId, capturedAt: 1_790_000_000_000 };
    expect(decodeTouches(encodeTouches([touch]))).toEqual([touch]);
  });

  // The percent-encoded size (what both cookies store) is limited, not the number of characters.
  it.each([
    ['ASCII', 'a', 512],
    ['a reserved character, encoded threefold', '%', 170],
    ['a 3-byte character, encoded ninefold', '中', 56],
    ['a 4-byte emoji, encoded twelvefold', '😀', 42],
  ])('accepts %s up to 512 bytes percent-encoded, and refuses one more', (_label, unit, most) => {
    expect(encodeURIComponent(unit.repeat(most)).length).toBeLessThanOrEqual(512);
    expect(isAcceptableClickId(unit.repeat(most))).toBe(true);
    expect(isAcceptableClickId(unit.repeat(most + 1))).toBe(false);
    expect(beaconSchema.safeParse(beacon(unit.repeat(most + 1))).success).toBe(false);
  });

  it('refuses 512 × "中" (512 characters, 4,608 bytes percent-encoded)', () => {
    expect(isAcceptableClickId('中'.repeat(512))).toBe(false);
  });
});
