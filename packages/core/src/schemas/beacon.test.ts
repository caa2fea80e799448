import { describe, expect, it } from 'vitest';
import { selectAttribution } from '../attribution';
import { decodeTouches, encodeTouches } from '../cookie-value';
import { touchSchema } from './beacon';

const touch = (capturedAt: number) => ({ network: 'avantlink' as const, clickId: 'a1', capturedAt });

describe('touchSchema.capturedAt', () => {
  it('accepts up to 36 ** 9 - 1 ms, the most the cookie holds, which round-trips and can be attributed', () => {
    const latest = 36 ** 9 - 1;
    expect(touchSchema.safeParse(touch(latest)).success).toBe(true);
    expect(decodeTouches(encodeTouches([touch(latest)]))).toEqual([touch(latest)]);
    expect(() => selectAttribution([touch(latest)], { now: latest })).not.toThrow();
  });

  it.each([36 ** 9, 9e15, Number.MAX_SAFE_INTEGER])(
    'refuses %s ms, which the cookie cannot hold',
    (capturedAt) => {
      expect(touchSchema.safeParse(touch(capturedAt)).success).toBe(false);
      expect(decodeTouches(encodeTouches([touch(capturedAt)]))).toEqual([]);
    },
  );
});
