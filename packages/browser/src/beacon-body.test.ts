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
    const body = beaconBody([touch], 'c0b5e2d4-visitor', long, long);
    expect(body.pageUrl).toHaveLength(2048);
    expect(body.referrer).toHaveLength(2048);
    expect(beaconSchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
    const other = `${long}&other`;
    const cut = beaconBody([{ ...touch, landingUrl: other }], 'c0b5e2d4-visitor', touch.referrer!, undefined);
    expect(cut.touches[0]?.landingUrl).toHaveLength(2048);
  });

  it('leaves out an empty referrer and keeps the click id exactly', () => {
    const odd = { ...touch, clickId: ' 77_F3afBE121%20<b> ' };
    const json = JSON.parse(JSON.stringify(beaconBody([odd], 'c0b5e2d4-visitor', 'http://127.0.0.1/', '')));
    expect(json).not.toHaveProperty('referrer');
    expect(json.touches[0].clickId).toBe(' 77_F3afBE121%20<b> ');
  });
});

describe('beaconBody size', () => {
  const byteLength = (body: unknown) => new TextEncoder().encode(JSON.stringify(body)).length;
  const MAX_BEACON_BYTES = 8192; // @affiliate-relay/node refuses a larger collect body with 413
  const long = (name: string, length: number) => `https://${name}.example/p?q=${'x'.repeat(length)}`;

  it("leaves out a touch's landingUrl and referrer when they are the beacon's pageUrl and referrer", () => {
    const body = beaconBody([touch], 'c0b5e2d4-visitor', touch.landingUrl!, touch.referrer);
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      touches: [{ network: 'avantlink', clickId: '77_f3afbe121', capturedAt: 1_763_800_000_000 }],
      visitorId: 'c0b5e2d4-visitor',
      pageUrl: touch.landingUrl,
      referrer: touch.referrer,
    });
    const later = beaconBody([touch], 'c0b5e2d4-visitor', 'https://shop.example.com/cart', '');
    expect(later.touches[0]).toMatchObject({ landingUrl: touch.landingUrl, referrer: touch.referrer });
  });

  it('stays within 8 KiB for one click with a long landing URL and a long referrer (was 8,355 B)', () => {
    const landing = long('shop', 3000);
    const referrer = long('blog', 3000);
    const body = beaconBody(
      [{ ...touch, landingUrl: landing, referrer }],
      'c0b5e2d4-visitor',
      landing,
      referrer,
    );
    expect(byteLength(body)).toBeLessThanOrEqual(MAX_BEACON_BYTES);
    expect(body.pageUrl).toHaveLength(2048);
    expect(body.referrer).toHaveLength(2048);
  });

  it("leaves out every touch's URLs when they alone would not fit, keeping the page's", () => {
    const touches: Touch[] = [
      { ...touch, landingUrl: long('a', 3000), referrer: long('b', 3000) },
      {
        network: 'aflite',
        clickId: 'abc123',
        capturedAt: 1,
        landingUrl: long('c', 3000),
        referrer: long('d', 3000),
      },
    ];
    const body = beaconBody(touches, 'c0b5e2d4-visitor', long('shop', 3000), long('blog', 3000));
    expect(byteLength(body)).toBeLessThanOrEqual(MAX_BEACON_BYTES);
    expect(body.touches.map((t) => [t.landingUrl, t.referrer])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
    expect(body.pageUrl).toHaveLength(2048);
  });

  it('cuts the page URL and referrer further when even they do not fit: never over 8 KiB, always valid', () => {
    // Largest click ids and gclid of 3-byte characters and of JSON-escaped quotes, both networks.
    // Each id as large as core accepts: 512 bytes once percent-encoded.
    for (const [character, most] of [
      ['€', 56],
      ['"', 170],
      ['😀', 42],
      ['x', 512],
    ] as const) {
      const id = character.repeat(most);
      const touches: Touch[] = [
        {
          network: 'avantlink',
          clickId: id,
          gclid: id,
          capturedAt: 36 ** 9 - 1,
          landingUrl: long('a', 5000),
        },
        { network: 'aflite', clickId: id, capturedAt: 36 ** 9 - 1, referrer: long('b', 5000) },
      ];
      const page = `${long('shop', 5000)}#${'%E2%82%AC'.repeat(500)}`;
      const body = beaconBody(touches, 'v'.repeat(64), page, long('blog', 5000));
      const json = JSON.parse(JSON.stringify(body));
      expect(byteLength(body)).toBeLessThanOrEqual(MAX_BEACON_BYTES);
      expect(beaconSchema.safeParse(json).success).toBe(true);
      expect(json.touches.map((t: Touch) => t.clickId)).toEqual([id, id]);
      expect(page.startsWith(json.pageUrl)).toBe(true);
      expect(json.pageUrl.length).toBeGreaterThan(1000);
    }
  });
});
