import { readFileSync, writeFileSync } from 'node:fs';
import { addToCart, consoleShape, expect, test } from './fixtures';
import { readPngText, withPngText } from './png-text';

/** The README's picture of the console: this journey's screenshot, written by `pnpm run screenshot`. */
const DOCS_SCREENSHOT = new URL('../../../docs/qa-console.png', import.meta.url);
const SHAPE = 'affiliate-relay-console-shape';

test('an Aflite click, then an AvantLink click: the order goes to AvantLink only (last click wins)', async ({
  page,
  demo,
}) => {
  await demo.open('/?clickSource=aflite&clickSessionID=first-click-aflite');
  await expect.poll(async () => (await demo.state()).serverCookie.touches.length).toBe(1);
  await demo.open('/products/basecamp-4-tent?avad=88_second');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  const state = await demo.state();
  expect(state.serverCookie.touches.map((touch) => touch.network).sort()).toEqual(['aflite', 'avantlink']);
  expect(state.decision.winners).toEqual([
    expect.objectContaining({ network: 'avantlink', clickId: '88_second' }),
  ]);

  await addToCart(page, 'basecamp-4-tent');
  const orderId = await demo.checkout();

  const avantlink = await demo.avantlink();
  expect(avantlink.orders).toHaveLength(1);
  expect(avantlink.orders[0]!.order).toMatchObject({ order_number: orderId, order_amount_subtotal: 529 });
  expect(avantlink.orders[0]).toMatchObject({ tracking_ids: { avantlink_avad: '88_second' } });
  expect((await demo.aflite()).requests, 'Aflite is not told about an order it did not earn').toEqual([]);

  const image = await demo.screenshotConsole('cross-network');
  // The docs' screenshot is this one: it must show the console as it is now (its headings, columns and buttons).
  const shape = await consoleShape(page);
  if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
    writeFileSync(DOCS_SCREENSHOT, withPngText(image, SHAPE, JSON.stringify(shape)));
  const pictured = readPngText(readFileSync(DOCS_SCREENSHOT), SHAPE);
  expect(
    pictured === undefined ? undefined : JSON.parse(pictured),
    'docs/qa-console.png shows another console: run `pnpm --filter @affiliate-relay/demo run screenshot`',
  ).toEqual(shape);
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="delivery-aflite"]`)).toHaveText('—');
});

test('an AvantLink click, then an Aflite click: the order goes to Aflite only', async ({ page, demo }) => {
  await demo.open('/products/summit-bivy?avad=55_first');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await demo.open('/c/tents?clickSource=AFLITE&clickSessionID=second-click-aflite');
  await expect.poll(async () => (await demo.state()).serverCookie.touches.length).toBe(2);

  await addToCart(page, 'summit-bivy');
  const orderId = await demo.checkout();

  const aflite = await demo.aflite();
  expect(aflite.goals).toEqual([
    expect.objectContaining({ mref: orderId, clickSessionID: 'second-click-aflite', value: '219.50' }),
  ]);
  const avantlink = await demo.avantlink();
  expect(avantlink.orders, 'AvantLink had the click, not the sale').toEqual([]);
  expect(avantlink.requests.map((request) => request.path.split('/').at(-1))).toEqual(['click']);
});
