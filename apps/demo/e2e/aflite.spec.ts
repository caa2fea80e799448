import { addToCart, expect, test } from './fixtures';

// Aflite's click id, to be passed back as received (specs/aflite-advanced-tracking-api.txt).
const CLICK_SESSION_ID = 'AfL1te-Session_0042';

test('an Aflite click on a deep link, browsing and checkout: the fake holds the goal with every field', async ({
  page,
  demo,
}) => {
  await demo.open(`/c/sleep?clickSource=aflite&clickSessionID=${CLICK_SESSION_ID}`);
  // Aflite has no click call: the click lives in the cookies until a goal is reached.
  await expect
    .poll(async () => (await demo.state()).serverCookie.touches)
    .toEqual([expect.objectContaining({ network: 'aflite', clickId: CLICK_SESSION_ID })]);
  const browserCookie = (await page.context().cookies()).find((cookie) => cookie.name === 'ar_touches');
  expect(browserCookie?.value, 'the script stored the click at once').toContain(CLICK_SESSION_ID);

  await page.getByRole('link', { name: /Cloudrest Pad/ }).click();
  await addToCart(page, 'cloudrest-pad', { quantity: 2 });
  await addToCart(page, 'daylight-22-pack');
  const orderId = await demo.checkout({ country: 'GBR', state: 'Cumbria' });
  await expect(page.getByTestId('attribution-note')).toContainText('Aflite');

  const aflite = await demo.aflite();
  expect(aflite.requests).toHaveLength(1);
  const goal = aflite.requests[0]!;
  expect(goal.method).toBe('POST');
  expect(goal.path).toBe('/data/register/goal');
  expect(goal.status).toBe(200);
  // POST form body: the API key never travels in a URL that ends up in logs.
  expect(goal.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  expect(goal.query).toEqual({});
  // 2 × 129.95 + 89.95 = 349.85, sent as a plain number (no currency sign, no thousands separator).
  expect(goal.body).toEqual({
    apikey: 'demo-aflite-key',
    mid: 'demo-merchant',
    clickSessionID: CLICK_SESSION_ID,
    goalid: '1',
    mref: orderId,
    value: '349.85',
    // Test mode is off toward the fake, so that it records the goal (a real Aflite gets 1 unless turned off).
    traceOnly: '0',
  });
  expect(aflite.goals).toEqual([
    expect.objectContaining({
      mid: 'demo-merchant',
      clickSessionID: CLICK_SESSION_ID,
      goalid: '1',
      mref: orderId,
      value: '349.85',
    }),
  ]);
  expect(aflite.traces, 'a fake Aflite is not in trace mode').toEqual([]);
  expect((await demo.avantlink()).requests, 'AvantLink earned nothing and heard nothing').toEqual([]);

  await demo.screenshotConsole('aflite');
  await expect(page.getByTestId('decision-headline')).toContainText('Aflite');
  // The console shows what Aflite received, but never the API key.
  const consoleText = (await page.content()) + JSON.stringify(await demo.state());
  expect(consoleText).not.toContain('demo-aflite-key');
  // The screenshot unfolded the newest call a network received: the goal, key hidden.
  const shownGoal = page.locator('.log-item[open]', { hasText: 'Aflite goal' });
  await expect(shownGoal).toContainText('"apikey": "•••••• (hidden)"');
  await expect(shownGoal).toContainText(`"clickSessionID": "${CLICK_SESSION_ID}"`);
});
