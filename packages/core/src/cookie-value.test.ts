import { describe, expect, it } from 'vitest';
import { ackValue } from './any-network/click-hash';
import { clickHash, isAcknowledged } from './click-hash';
import { decodeTouches, decodeTouchState, encodeTouches } from './cookie-value';
import type { Touch } from './touch';

const T0 = Date.UTC(2026, 10, 1, 8, 30, 15);
const avantlink: Touch = { network: 'avantlink', clickId: '77_f3afbe121', capturedAt: T0, gclid: 'Cj0KCQiA' };
const aflite: Touch = { network: 'aflite', clickId: 'abc123', capturedAt: T0 + 60_000 };
// Every character RFC 6265 allows in a cookie value.
const COOKIE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

describe('encodeTouches / decodeTouches', () => {
  it('round-trips network, click id, capture time and gclid', () => {
    expect(decodeTouches(encodeTouches([avantlink, aflite]))).toEqual([avantlink, aflite]);
  });

  it('drops landingUrl and referrer, which do not belong in a cookie', () => {
    const value = encodeTouches([
      { ...aflite, landingUrl: 'https://shop.example/?x=1', referrer: 'https://r.example' },
    ]);
    expect(decodeTouches(value)).toEqual([aflite]);
  });

  it('keeps the capture time to the millisecond, so clicks in the same second keep their order', () => {
    const [touch] = decodeTouches(encodeTouches([{ ...aflite, capturedAt: T0 + 999 }]));
    expect(touch?.capturedAt).toBe(T0 + 999);
  });

  it('writes only cookie-octets, so it needs no further encoding', () => {
    const odd: Touch = { network: 'avantlink', clickId: 'a b;c,d"e\\f|g:h%i=é<>', capturedAt: T0 };
    const value = encodeTouches([odd, aflite]);
    expect(value).toMatch(COOKIE_OCTETS);
    expect(decodeTouches(value)).toEqual([odd, aflite]);
  });

  it('fits two touches with realistic ids well under 1 KB', () => {
    const value = encodeTouches([
      { ...avantlink, clickId: `77_${'f'.repeat(60)}`, gclid: 'C'.repeat(100) },
      { ...aflite, clickId: 'a'.repeat(64) },
    ]);
    expect(value.length).toBeLessThan(400);
  });

  it('stays under the 4 KB cookie limit even with maximal (512-character) ids', () => {
    const value = encodeTouches([
      { ...avantlink, clickId: 'a'.repeat(512), gclid: 'g'.repeat(512) },
      { ...aflite, clickId: 'b'.repeat(512) },
    ]);
    expect(value.length).toBeLessThan(4096);
    expect(decodeTouches(value)).toHaveLength(2);
  });

  it('is versioned: writes version 2, still reads version 1, and nothing of an unknown version', () => {
    expect(encodeTouches([])).toBe('2');
    expect(encodeTouches([aflite]).startsWith('2|')).toBe(true);
    expect(decodeTouches(encodeTouches([aflite]).replace(/^2/, '3'))).toEqual([]);
    // A version-1 value as the script wrote it before.
    const v1 = `1|a:77_f3afbe121:${T0.toString(36)}:Cj0KCQiA|f:abc123:${(T0 + 60_000).toString(36)}`;
    expect(decodeTouchState(v1)).toEqual({ touches: [avantlink, aflite], seen: [], resent: 0 });
  });

  it('keeps the clicks seen before (version 2), and skips parts it does not know', () => {
    const seen = [
      clickHash({ network: 'avantlink', clickId: 'older' }),
      clickHash({ network: 'aflite', clickId: 'f-old' }),
    ];
    const value = encodeTouches([avantlink, aflite], seen);
    expect(value).toMatch(COOKIE_OCTETS);
    expect(decodeTouchState(value)).toEqual({ touches: [avantlink, aflite], seen, resent: 0 });
    expect(decodeTouchState(`${value}|z:later-addition|s:Q:bad|b:x`)).toEqual({
      touches: [avantlink, aflite],
      seen,
      resent: 0,
    });
  });

  it.each([
    ['x', 512],
    ['%', 170],
    ['中', 56],
    ['😀', 42],
  ])(
    'fits the largest ids core accepts (%j × %i), gclid and the seen clicks in one 4 KB cookie',
    (unit, most) => {
      const id = unit.repeat(most);
      // Keys as long as they get: the network's letter and 7 base-36 digits.
      const seen = ['a', 'f'].flatMap((code) => [1, 2, 3].map((n) => `${code}zzzzzz${n}`));
      const value = encodeTouches(
        [
          { ...avantlink, clickId: id, gclid: id, capturedAt: 36 ** 9 - 1 },
          { ...aflite, clickId: id, capturedAt: 36 ** 9 - 1 },
        ],
        seen,
      );
      expect(`ar_touches=${value}`.length).toBeLessThanOrEqual(4096);
      expect(decodeTouchState(value).touches).toHaveLength(2);
      expect(decodeTouchState(value).seen).toEqual(seen);
    },
  );

  it('reads the largest capture time the cookie holds (9 base-36 digits)', () => {
    expect(decodeTouches('2|f:abc123:zzzzzzzzz')).toEqual([
      { network: 'aflite', clickId: 'abc123', capturedAt: 36 ** 9 - 1 },
    ]);
  });

  it('keeps only the newest touch per network', () => {
    const older = { ...aflite, clickId: 'old', capturedAt: T0 - 86_400_000 };
    expect(decodeTouches(encodeTouches([aflite, older]))).toEqual([aflite]);
  });
});

describe('decodeTouches on garbage', () => {
  it.each([
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { touches: [] }],
    ['empty', ''],
    ['random text', 'hello world'],
    ['a JSON array', '[{"network":"avantlink"}]'],
    ['a huge value', `1|a:${'x'.repeat(5000)}:abc`],
  ])('returns no touch for %s', (_label, value) => {
    expect(decodeTouches(value)).toEqual([]);
  });

  it('keeps the touches it can trust and drops the rest', () => {
    const good = encodeTouches([aflite]);
    const cases = [
      'z:77_x:abc', // unknown network
      'a:77_x', // no time
      'a:77_x:-5', // negative time
      'a:77_x:000000000', // time zero
      'a:77_x:1000000000', // 10 base-36 digits: past what the cookie holds
      'a:77_x:ABC', // not base 36 lower-case
      'a::abc', // empty id
      'a:%E0%A4%A:abc', // broken escape
      'a:%0Aevil:abc', // control character
      `a:${'a'.repeat(513)}:abc`, // too long
      'a:77_x:abc:g:extra', // too many fields
      'f:abc:abc:gclid', // gclid on Aflite
    ];
    for (const bad of cases) {
      expect(decodeTouches(`${good}|${bad}`), bad).toEqual([aflite]);
    }
  });
});

describe('the resend count and the server’s acknowledgement', () => {
  it('keeps how many times the script resent its touches', () => {
    expect(decodeTouchState(encodeTouches([aflite], [], 2)).resent).toBe(2);
    expect(encodeTouches([aflite], [], 0)).not.toContain('|b:');
  });

  it('acknowledges exactly the touches the server signed', () => {
    const ack = ackValue([avantlink]);
    expect(ack).toMatch(COOKIE_OCTETS);
    expect(isAcknowledged(ack, avantlink)).toBe(true);
    expect(isAcknowledged(ack, aflite)).toBe(false);
    expect(isAcknowledged(ackValue([avantlink, aflite]), aflite)).toBe(true);
    expect(isAcknowledged(undefined, avantlink)).toBe(false);
    // A key that merely begins with another's is no acknowledgement.
    expect(isAcknowledged(`${ack}x`, avantlink)).toBe(false);
  });
});
