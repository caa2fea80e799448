import { describe, expect, it } from 'vitest';
import { selectAttribution } from '../attribution';
import { captureTouches } from '../capture';
import { clickHash, isAcknowledged } from '../click-hash';
import { decodeTouchState, encodeTouches } from '../cookie-value';
import { mergeTouches } from '../merge';
import { compareNetworks, isBuiltInNetwork, isNetworkId, NETWORKS, type NetworkId } from '../networks';
import type { Touch } from '../touch';
import { captureAnyTouches } from './capture';
import { ackValue, anyClickHash } from './click-hash';
import { mergeAnyTouches } from './merge';
import { decodeAnyTouchState, encodeAnyTouches } from './touch-state';

const T0 = Date.UTC(2026, 10, 1, 8, 30, 15);
const ledger: Touch = { network: 'ledger', clickId: 'L-77', capturedAt: T0 + 5 };
const avantlink: Touch = { network: 'avantlink', clickId: '77_f3afbe121', capturedAt: T0, gclid: 'Cj0KCQiA' };
const aflite: Touch = { network: 'aflite', clickId: 'abc123', capturedAt: T0 + 60_000 };

// A small seeded generator: the same "random" cases on every run.
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
}

function builtInCases(count: number) {
  const next = random(7);
  const ids = ['77_a', '77_b', '77_c', 'x y', 'é%|:', 'abc', 'q'];
  const touch = (): Touch => {
    const network = NETWORKS[next(2)]!;
    const t: Touch = { network, clickId: ids[next(ids.length)]!, capturedAt: T0 + next(5) * 1000 };
    if (network === 'avantlink' && next(2) === 0) t.gclid = 'G1';
    return t;
  };
  const many = () => Array.from({ length: next(4) }, touch);
  return Array.from({ length: count }, () => {
    const stored = many();
    const seen = many().map(clickHash);
    return { stored, incoming: many(), seen, resent: next(3) };
  });
}

describe('any network: the same as the script on built-in networks', () => {
  it('encodes, decodes, merges and hashes exactly as the script does', () => {
    for (const { stored, incoming, seen, resent } of builtInCases(400)) {
      const value = encodeTouches(stored, seen, resent);
      expect(encodeAnyTouches(stored, seen, resent)).toBe(value);
      expect(decodeAnyTouchState(value)).toEqual(decodeTouchState(value));
      expect(mergeAnyTouches(stored, incoming, seen)).toEqual(mergeTouches(stored, incoming, seen));
      for (const touch of stored) expect(anyClickHash(touch)).toBe(clickHash(touch));
    }
  });

  it('captures what captureTouches captures when there is no other rule', () => {
    for (const url of [
      'https://shop.example/?avad=77_x&gclid=G&clickSource=aflite&clickSessionID=s1',
      'https://shop.example/#/p?avad=77_y',
      'not a url',
    ]) {
      expect(captureAnyTouches(url, [], { now: T0 })).toEqual(captureTouches(url, { now: T0 }));
    }
  });

  it('reads old cookies as they were written (version 1, and version 2 with seen clicks and a resend count)', () => {
    const v1 = `1|a:77_f3afbe121:${T0.toString(36)}:Cj0KCQiA|f:abc123:${(T0 + 60_000).toString(36)}`;
    expect(decodeAnyTouchState(v1)).toEqual({ touches: [avantlink, aflite], seen: [], resent: 0 });
    const v2 = `2|a:77_f3afbe121:${T0.toString(36)}:Cj0KCQiA|s:a1x9k2f|b:2`;
    expect(decodeAnyTouchState(v2)).toEqual({ touches: [avantlink], seen: ['a1x9k2f'], resent: 2 });
  });
});

describe('any network: a network written by its id', () => {
  it('round-trips beside the built-in ones, which keep their one-letter codes', () => {
    const value = encodeAnyTouches([ledger, avantlink, aflite]);
    expect(value).toBe(
      `2|a:77_f3afbe121:${T0.toString(36)}:Cj0KCQiA|f:abc123:${(T0 + 60_000).toString(36)}|ledger:L-77:${(T0 + 5).toString(36)}`,
    );
    expect(decodeAnyTouchState(value).touches).toEqual([avantlink, aflite, ledger]);
  });

  it('is skipped by the script, which reads only the built-in touches of the same value', () => {
    const value = encodeAnyTouches(
      [ledger, avantlink],
      [anyClickHash({ network: 'ledger', clickId: 'L-1' })],
    );
    expect(decodeTouchState(value)).toEqual({ touches: [avantlink], seen: [], resent: 0 });
  });

  it('keeps no gclid, and leaves out a touch whose network is not a network id', () => {
    const value = encodeAnyTouches([
      { ...ledger, gclid: 'G' },
      { ...ledger, network: 'Bad Id!' },
    ]);
    expect(decodeAnyTouchState(value).touches).toEqual([ledger]);
  });

  it('refuses a part it did not write: a bad id, a zero time, broken percent-encoding', () => {
    expect(decodeAnyTouchState('2|ledger::1|ledger:x:0|ledger:%E0%A4%A:1|LEDGER:x:1').touches).toEqual([]);
  });

  it('remembers a replaced click by its hash, a few per network, and a reload is no new click', () => {
    const newer = { ...ledger, clickId: 'L-78', capturedAt: T0 + 10 };
    const first = mergeAnyTouches([ledger], [newer]);
    expect(first.touches).toEqual([newer]);
    expect(first.seen).toEqual([anyClickHash(ledger)]);
    expect(anyClickHash(ledger)).toMatch(/^ledger:[0-9a-z]{1,7}$/);
    // Back to the older landing: seen before, no new click.
    expect(mergeAnyTouches(first.touches, [{ ...ledger, capturedAt: T0 + 20 }], first.seen).added).toEqual(
      [],
    );
    const state = decodeAnyTouchState(encodeAnyTouches(first.touches, first.seen));
    expect(state).toEqual({ touches: [newer], seen: first.seen, resent: 0 });
    // Four replaced clicks: three are kept, as for a built-in network.
    let held: Touch[] = [];
    let seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      ({ touches: held, seen } = mergeAnyTouches(
        held,
        [{ ...ledger, clickId: `L-${i}`, capturedAt: T0 + i }],
        seen,
      ));
    }
    expect(seen).toEqual(
      ['L-3', 'L-2', 'L-1'].map((clickId) => anyClickHash({ network: 'ledger', clickId })),
    );
  });

  it('acknowledges its touches in ar_ack beside the built-in ones, which the script still finds', () => {
    const ack = ackValue([avantlink, ledger]);
    expect(ack.split('.')).toEqual([clickHash(avantlink), anyClickHash(ledger)]);
    expect(isAcknowledged(ack, avantlink)).toBe(true);
  });

  it('is captured from a landing by its rule, which never makes capture throw', () => {
    const rules = [
      { network: 'ledger', clickId: (param: (name: string) => string | null) => param('ledger_click') },
      {
        network: 'broken',
        clickId: () => {
          throw new Error('a bug in a rule');
        },
      },
      { network: 'avantlink', clickId: () => 'not core’s rule' },
    ];
    const url = 'https://shop.example/tent?avad=77_x#/p?ledger_click=L-9';
    expect(captureAnyTouches(url, rules, { now: T0, referrer: 'https://r.example/' })).toEqual([
      {
        network: 'avantlink',
        clickId: '77_x',
        capturedAt: T0,
        landingUrl: url,
        referrer: 'https://r.example/',
      },
      { network: 'ledger', clickId: 'L-9', capturedAt: T0, landingUrl: url, referrer: 'https://r.example/' },
    ]);
  });
});

describe('network ids and their one order', () => {
  it('takes any id of the safe shape, and knows which are built in', () => {
    for (const id of ['ledger', 'cj-eu', 'a1']) expect(isNetworkId(id)).toBe(true);
    for (const id of ['a', 'Ledger', '1abc', 'led_ger', 'x'.repeat(33), '', 42])
      expect(isNetworkId(id)).toBe(false);
    expect(NETWORKS.filter(isBuiltInNetwork)).toEqual(['avantlink', 'aflite']);
    expect(isBuiltInNetwork('ledger')).toBe(false);
  });

  it('orders the built-in networks first, then the others by id', () => {
    const ids: NetworkId[] = ['ledger', 'aflite', 'cj-eu', 'awin', 'avantlink', 'cj'];
    expect([...ids].sort(compareNetworks)).toEqual(['avantlink', 'aflite', 'awin', 'cj', 'cj-eu', 'ledger']);
  });

  it('breaks a tie in time by that order under every policy', () => {
    const at = T0;
    const touches: Touch[] = [
      { network: 'ledger', clickId: 'l', capturedAt: at },
      { network: 'awin', clickId: 'w', capturedAt: at },
      { network: 'aflite', clickId: 'f', capturedAt: at },
    ];
    for (const policy of ['last-click', 'first-click'] as const) {
      expect(selectAttribution(touches, { policy, now: at }).winners.map((t) => t.network)).toEqual([
        'aflite',
      ]);
      const others = touches.filter((touch) => touch.network !== 'aflite');
      expect(selectAttribution(others, { policy, now: at }).winners.map((t) => t.network)).toEqual(['awin']);
    }
    expect(selectAttribution(touches, { policy: 'all', now: at }).winners.map((t) => t.network)).toEqual([
      'aflite',
      'awin',
      'ledger',
    ]);
    expect(selectAttribution([touches[0]!], { now: at }).explanation).toMatch(
      /^Policy last-click: ledger click l/,
    );
  });
});
