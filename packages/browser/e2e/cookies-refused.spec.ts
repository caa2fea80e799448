import { beaconSchema } from '@affiliate-relay/core/schemas';
import { expect, test } from './fixtures';

test('with cookies disabled, each click is beaconed once, with one visitor id', async ({
  page,
  context,
  journey,
}) => {
  // Chromium's own switch: document.cookie silently keeps nothing, as with cookies blocked for the site.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDocumentCookieDisabled', { disabled: true });
  await journey.open(page, 'products/tent?avad=77_a');
  await expect.poll(() => journey.server.beacons.length).toBe(1);

  // A single-page app: scroll restoration rewriting the URL, route changes, then another click.
  await page.evaluate(() => {
    for (let i = 0; i < 10; i++) history.replaceState({ y: i * 100 }, '');
    for (const path of ['/a', '/b', '/c']) history.pushState({}, '', path);
  });
  await page.evaluate(() => history.pushState({}, '', '?avad=77_b'));
  await expect.poll(() => journey.server.beacons.length).toBe(2);
  await page.evaluate(() => history.pushState({}, '', '/d'));

  expect(await page.evaluate(() => document.cookie)).toBe('');
  const bodies = journey.server.beacons.map((beacon) => beaconSchema.parse(beacon.body));
  expect(bodies.map((body) => body.touches[0]?.clickId)).toEqual(['77_a', '77_b']);
  expect(new Set(bodies.map((body) => body.visitorId)).size).toBe(1);
  expect(await page.evaluate(() => window.AffiliateRelay?.visitorId())).toBe(bodies[0]?.visitorId);
});
