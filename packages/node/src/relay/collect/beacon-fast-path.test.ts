import { beaconSchema } from '@affiliate-relay/core/schemas';
import { describe, expect, it } from 'vitest';
import { afliteTouch, avantlinkTouch, beacon } from '../../../test/fixtures/relay';
import { plainBeacon } from './beacon-fast-path';

// Values that probe every rule of core's beaconSchema: its edges on both sides, and what its URL check rewrites.
const TEXT = ['', 'x', 'a'.repeat(2048), 'a'.repeat(2049), 7, null, undefined, {}];
const CLICK_IDS = [
  '77_f3afbe121',
  '',
  'a'.repeat(512),
  'a'.repeat(513),
  'a\u0000b',
  'a\u0085',
  '\ufffd',
  'x\ud800',
  '😀',
  ' x ',
  5,
];
const URLS = [
  'https://shop.example/p?avad=1',
  'HTTPS://SHOP.EXAMPLE/',
  'http://127.0.0.1:8080/x',
  'http://[::1]/',
  'http:/shop.example',
  'http:shop.example',
  'http://',
  'https://exa mple.com/',
  ' https://shop.example/',
  'https://shop.example/\t',
  'https://shop.\nexample/',
  'ftp://shop.example/',
  'javascript:alert(1)',
  `https://shop.example/${'a'.repeat(2030)}`,
  `https://shop.example/${'a'.repeat(2040)}`,
  '',
  3,
];
const TIMES = [1, 1_700_000_000_000, 36 ** 9 - 1, 36 ** 9, 0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2, '1'];
const VISITOR_IDS = [
  'vis_3f2c1a97',
  'short',
  'a'.repeat(64),
  'a'.repeat(65),
  'vis 3f2c1a97',
  'vis_3f2c1a9é',
  42,
];

function variants(): unknown[] {
  const base = beacon([avantlinkTouch({ gclid: 'g-1', referrer: 'https://blog.example/' }), afliteTouch()]);
  const out: unknown[] = [
    base,
    beacon(),
    { ...base, extra: 1 },
    null,
    [],
    'beacon',
    { ...base, touches: [] },
  ];
  const touch = base.touches[0]!;
  const withTouch = (patch: Record<string, unknown>) => ({ ...base, touches: [{ ...touch, ...patch }] });
  for (const value of URLS) out.push({ ...base, pageUrl: value });
  for (const value of TEXT) out.push({ ...base, referrer: value }, withTouch({ landingUrl: value }));
  for (const value of TEXT) out.push(withTouch({ referrer: value }));
  for (const value of CLICK_IDS) out.push(withTouch({ clickId: value }), withTouch({ gclid: value }));
  for (const value of TIMES) out.push(withTouch({ capturedAt: value }));
  for (const value of VISITOR_IDS) out.push({ ...base, visitorId: value });
  for (const value of ['avantlink', 'aflite', 'AvantLink', 'other', undefined])
    out.push(withTouch({ network: value }));
  for (const value of ['gcm', 'tcf', 'manual', 'GCM', 'a b', '', 'x'.repeat(33), 7, null])
    out.push({ ...base, consent: value });
  for (const count of [1, 4, 5]) out.push({ ...base, touches: Array.from({ length: count }, () => touch) });
  out.push(withTouch({ unknown: 'dropped' }), { ...base, touches: [touch, 'x'] }, { ...base, touches: {} });
  return out;
}

describe('plainBeacon', () => {
  it('takes the beacon the browser script sends, without the schema', () => {
    const sent = beacon([avantlinkTouch({ gclid: 'g-1' }), afliteTouch()]);
    expect(plainBeacon(JSON.parse(JSON.stringify(sent)))).toEqual(sent);
  });

  it('accepts only what beaconSchema accepts, and gives exactly what the schema gives', () => {
    const cases = variants();
    let accepted = 0;
    for (const raw of cases) {
      // A beacon is JSON.parse's output: no key holds undefined, numbers are finite.
      const value = JSON.parse(JSON.stringify(raw));
      const fast = plainBeacon(value);
      const schema = beaconSchema.safeParse(value);
      if (fast === undefined) continue;
      accepted++;
      expect(schema.success, JSON.stringify(value)).toBe(true);
      expect(fast).toStrictEqual(schema.data);
    }
    // The comparison must cover accepted beacons as well as refused ones, or it proves nothing.
    expect(accepted).toBeGreaterThan(20);
    expect(cases.length - accepted).toBeGreaterThan(40);
  });
});
