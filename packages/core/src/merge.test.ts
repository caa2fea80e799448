import { describe, expect, it } from 'vitest';
import { mergeTouches } from './merge';
import type { Touch } from './touch';

const t = (network: Touch['network'], clickId: string, capturedAt: number): Touch => ({
  network,
  clickId,
  capturedAt,
});

describe('mergeTouches', () => {
  it('adds a first click', () => {
    const incoming = [t('avantlink', 'a1', 10)];
    expect(mergeTouches([], incoming)).toEqual({ touches: incoming, added: incoming });
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
