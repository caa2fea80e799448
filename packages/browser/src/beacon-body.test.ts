import type { Touch } from '@affiliate-relay/core';
// The server's own schema, in a test only: the browser bundle never carries zod (scripts/budget.mjs checks).
import { beaconSchema } from '@affiliate-relay/core/schemas';
import { describe, expect, it } from 'vitest';
import { beaconBody } from './beacon-body';

const touch: Touch = {
  network: 'avantlink',
  clickId: '77_f3afbe121',
  capturedAt: 1_763_800_000_000,
  landingUrl: 'https://shop.example.com/products/tent?avad=77_f3afbe121',
  referrer: 'https://blog.example.org/review',
};

describe('beaconBody', () => {
  it("is what the collect endpoint's schema accepts", () => {
    const body = beaconBody(
      [touch],
      'c0b5e2d4-visitor',
      'https://shop.example.com/products/tent',
      'https://a.example/',
    );
    expect(beaconSchema.parse(JSON.parse(JSON.stringify(body)))).toEqual(body);
  });

  it('cuts URLs to 2,048 characters so that a long query cannot get the beacon refused', () => {
    const long = `https://shop.example.com/?q=${'x'.repeat(100_000)}`;
    const body = beaconBody([{ ...touch, landingUrl: long, referrer: long }], 'c0b5e2d4-visitor', long, long);
    expect(body.pageUrl).toHaveLength(2048);
    expect(body.referrer).toHaveLength(2048);
    expect(body.touches[0]?.landingUrl).toHaveLength(2048);
    expect(body.touches[0]?.referrer).toHaveLength(2048);
    expect(beaconSchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
  });

  it('leaves out an empty referrer and keeps the click id exactly', () => {
    const odd = { ...touch, clickId: ' 77_F3afBE121%20<b> ' };
    const json = JSON.parse(JSON.stringify(beaconBody([odd], 'c0b5e2d4-visitor', 'http://127.0.0.1/', '')));
    expect(json).not.toHaveProperty('referrer');
    expect(json.touches[0].clickId).toBe(' 77_F3afBE121%20<b> ');
  });
});
