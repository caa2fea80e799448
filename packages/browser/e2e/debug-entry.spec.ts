import { expect, test } from './fixtures';

/*
 * The /debug entry in Chromium: a script tag's dataset is a real DOMStringMap there, which is how the entry tells a
 * data attribute (named `data-…` in its warning) from an option.
 */
test('the /debug entry warns of a misspelt option and data attribute with the name meant, and throws nothing', async ({
  page,
  journey,
}) => {
  await journey.open(page, 'products/tent');
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.evaluate(async () => {
    const entry = '/modules/browser/debug.js';
    const { init } = await import(entry);
    const tag = document.createElement('script');
    tag.setAttribute('data-affiliate-relay', '');
    tag.setAttribute('data-windowdays', '7');
    tag.setAttribute('data-nscript', 'afterInteractive');
    init(tag.dataset);
    init({ endpiont: '/shop/collect' });
  });
  await expect
    .poll(() => warnings)
    .toEqual([
      '[affiliate-relay] unknown data attribute "data-windowdays" (ignored): did you mean "data-window-days"?',
      '[affiliate-relay] unknown option "endpiont" (ignored): did you mean "endpoint"?',
    ]);
});
