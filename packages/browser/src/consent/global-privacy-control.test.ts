import { afterEach, describe, expect, it, vi } from 'vitest';
import { globalPrivacyControl } from './global-privacy-control';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('globalPrivacyControl', () => {
  it.each([
    [true, false],
    [false, undefined],
    [undefined, undefined],
    ['1', undefined],
  ])('navigator.globalPrivacyControl %o → %s', (signal, expected) => {
    vi.stubGlobal('navigator', { globalPrivacyControl: signal });
    const votes: unknown[] = [];
    expect(globalPrivacyControl((read) => votes.push(read()))).toBe(true);
    expect(votes).toEqual([expected]);
  });
});
