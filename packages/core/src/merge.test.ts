import { describe, expect, it } from 'vitest';
import { clickHash } from './click-hash';
import { decodeTouchState, encodeTouches } from './cookie-value';
import { MAX_SEEN_PER_NETWORK, mergeTouches, type SeenClick } from './merge';
import type { Touch } from './touch';

const t = (network: Touch['network'], clickId: string, capturedAt: number): Touch => ({
  network,
  clickId,
  capturedAt,
});

describe('mergeTouches', () => {
  it('adds a first click', () => {
    const incoming = [t('avantlink', 'a1', 10)];
    expect(mergeTouches([], incoming)).toEqual({
      touches: incoming,
      added: incoming,
      seen: [],
    });
  });

  it('replaces an older click of the same network with a newer one', () => {
    const result = mergeTouches([t('avantlink', 'a1', 10)], [t('avantlink', 'a2', 20)]);
    expect(result.touches).toEqual([t('avantlink', 'a2', 20)]);
    expect(result.added).toEqual([t('avantlink', 'a2', 20)]);
  });

  it("keeps other networks' touches", () => {
    const result = mergeTouches([t('aflite', 'f1', 10)], [t('avantlink', 'a1', 20)]);
    expect(result.touches).toEqual([t('avantlink', 'a1', 20), t('aflite', 'f1', 10)]);
    expect(result.added).toEqual([t('avantlink', 'a1', 20)]);
  });

  it('treats the same click id seen again as no new click and keeps its first time', () => {
    const result = mergeTouches([t('avantlink', 'a1', 10)], [t('avantlink', 'a1', 99)]);
    expect(result.touches).toEqual([t('avantlink', 'a1', 10)]);
    expect(result.added).toEqual([]);
  });

  it('does not let a late-arriving older click replace a newer one', () => {
    const result = mergeTouches([t('avantlink', 'a2', 20)], [t('avantlink', 'a1', 10)]);
    expect(result.touches).toEqual([t('avantlink', 'a2', 20)]);
    expect(result.added).toEqual([]);
  });

  it('keeps only the newest of duplicated stored touches', () => {
    const result = mergeTouches([t('aflite', 'f1', 10), t('aflite', 'f2', 30)], []);
    expect(result.touches).toEqual([t('aflite', 'f2', 30)]);
  });
});

describe('mergeTouches remembers clicks seen before (Back and Forward)', () => {
  const NOW = Date.UTC(2026, 10, 22);
  const X = t('avantlink', 'X_1', NOW - 2000);
  const Y = t('avantlink', 'Y_2', NOW - 1000);
  const xAgain = t('avantlink', 'X_1', NOW);

  it('X, then Y, then X again (Back to its landing): X is not new, Y stays, nothing is re-dated', () => {
    const first = mergeTouches([], [X]);
    const second = mergeTouches(first.touches, [Y], first.seen);
    expect(second.added).toEqual([Y]);
    expect(second.seen).toEqual([clickHash(X)]);
    const back = mergeTouches(second.touches, [xAgain], second.seen);
    expect(back.added).toEqual([]);
    expect(back.touches).toEqual([Y]);
    expect(back.seen).toEqual(second.seen);
  });

  it('without the seen clicks (the old behaviour) X would have been new again', () => {
    expect(mergeTouches([Y], [xAgain]).added).toEqual([xAgain]);
  });

  it('survives the cookie: the seen clicks are encoded and read back', () => {
    const second = mergeTouches([X], [Y]);
    const state = decodeTouchState(encodeTouches(second.touches, second.seen));
    expect(state).toEqual({ touches: [Y], seen: [clickHash(X)], resent: 0 });
    expect(mergeTouches(state.touches, [xAgain], state.seen).added).toEqual([]);
  });

  it('remembers a few clicks per network, the most recently replaced first, each network apart', () => {
    let state = { touches: [] as Touch[], seen: [] as SeenClick[] };
    for (let n = 1; n <= 6; n++) {
      state = mergeTouches(
        state.touches,
        [t('avantlink', `a${n}`, NOW - 100 + n), t('aflite', `f${n}`, NOW - 100 + n)],
        state.seen,
      );
    }
    expect(state.touches.map((touch) => touch.clickId)).toEqual(['a6', 'f6']);
    const keys = (network: Touch['network'], prefix: string, ids: number[]) =>
      ids.map((n) => clickHash({ network, clickId: `${prefix}${n}` }));
    expect(state.seen.filter((key) => key.startsWith('a'))).toEqual(keys('avantlink', 'a', [5, 4, 3]));
    expect(state.seen.filter((key) => key.startsWith('f'))).toEqual(keys('aflite', 'f', [5, 4, 3]));
    expect(state.seen).toHaveLength(2 * MAX_SEEN_PER_NETWORK);
    // The oldest, forgotten: it would count again (the cookie holds no more than this).
    expect(mergeTouches(state.touches, [t('avantlink', 'a1', NOW)], state.seen).added).toHaveLength(1);
    expect(mergeTouches(state.touches, [t('avantlink', 'a3', NOW)], state.seen).added).toEqual([]);
  });

  it('a click seen before of one network does not hide the same id at the other network', () => {
    const merged = mergeTouches([X], [Y]);
    expect(mergeTouches(merged.touches, [t('aflite', 'X_1', NOW)], merged.seen).added).toHaveLength(1);
  });

  it('keeps each key once, and remembers no click for a duplicate of the one held', () => {
    const merged = mergeTouches([X, Y, Y], [], [clickHash(X), clickHash(X)]);
    expect(merged.seen).toEqual([clickHash(X)]);
  });
});
