import { describe, expect, it } from 'vitest';
import { selectAttribution } from '../attribution';
import { decodeTouches, encodeTouches } from '../cookie-value';
import { beaconSchema, touchSchema, withdrawalSchema } from './beacon';

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

describe('beaconSchema.consent and withdrawalSchema', () => {
  const beacon = {
    touches: [touch(1_700_000_000_000)],
    visitorId: 'vis_12345678',
    pageUrl: 'https://shop.example/',
  };

  it('takes the consent source the script names, and refuses one that is not a short name', () => {
    expect(beaconSchema.parse({ ...beacon, consent: 'gcm' }).consent).toBe('gcm');
    expect(beaconSchema.safeParse({ ...beacon, consent: 'GCM; drop' }).success).toBe(false);
    expect(beaconSchema.safeParse({ ...beacon, consent: 'x'.repeat(33) }).success).toBe(false);
  });

  it('takes a withdrawal with or without a visitor id, and nothing else as one', () => {
    expect(withdrawalSchema.parse({ withdraw: true })).toEqual({ withdraw: true });
    expect(withdrawalSchema.parse({ withdraw: true, visitorId: 'vis_12345678' }).visitorId).toBe(
      'vis_12345678',
    );
    expect(withdrawalSchema.safeParse({ withdraw: 1 }).success).toBe(false);
    expect(withdrawalSchema.safeParse({ withdraw: true, visitorId: 'a b' }).success).toBe(false);
  });
});
