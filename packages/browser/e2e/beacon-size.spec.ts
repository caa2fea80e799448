import { beaconSchema } from '@affiliate-relay/core/schemas';
import { expect, test } from './fixtures';

// @affiliate-relay/node answers 413 to a collect body over 8 KiB (MAX_BEACON_BYTES).
const MAX_BEACON_BYTES = 8192;

test('a click with a long landing URL and a long referrer still beacons under 8 KiB', async ({
  page,
  journey,
}) => {
  // A same-origin referrer keeps its full URL (strict-origin-when-cross-origin).
  await journey.open(page, `blog/review?${'r'.repeat(3000)}`);
  await page.evaluate(
    (url) => {
      location.href = url;
    },
    journey.url(`products/tent?avad=77_a&clickSource=aflite&clickSessionID=abc&u=${'x'.repeat(3000)}`),
  );
  await expect.poll(() => journey.server.beacons.length).toBe(1);

  const [received] = journey.server.beacons;
  expect(Buffer.byteLength(received?.raw ?? '')).toBeLessThanOrEqual(MAX_BEACON_BYTES);
  const body = beaconSchema.parse(received?.body);
  expect(body.touches.map((t) => t.clickId)).toEqual(['77_a', 'abc']);
  expect(body.referrer).toMatch(/\/blog\/review\?r+$/);
  expect(body.pageUrl).toMatch(/\/products\/tent\?avad=77_a/);
});
