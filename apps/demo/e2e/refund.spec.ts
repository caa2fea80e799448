import { addToCart, expect, openConsole, test } from './fixtures';

test('an AvantLink order, then a refund on its page: the fake shows one adjustment of the order amount, and a second refund sends nothing', async ({
  page,
  demo,
}) => {
  // Order, two refunds and the console: a long journey on a busy machine.
  test.setTimeout(60_000);
  await demo.open('/products/switchback-45-pack?avad=77_refund-journey');
  await expect.poll(async () => (await demo.avantlink()).clicks.length).toBe(1);
  await addToCart(page, 'ridgeline-2-tent', { variant: 'Ember' });
  const orderId = await demo.checkout({ country: 'USA', state: 'UT' });
  expect((await demo.avantlink()).orders).toHaveLength(1);
  const subtotal = (await page.getByTestId('order-subtotal').textContent())?.replace(/[^0-9.]/g, '');
  expect(subtotal).toBe('349.00');

  await page.getByRole('button', { name: 'Refund this order' }).click();
  await page.waitForURL(new RegExp(`/thank-you/${orderId}$`));
  await expect(page.getByTestId('refund-result')).toContainText(`Refund of $${subtotal}`);
  await expect(page.getByTestId('refund-result')).toContainText('commission reversed');

  const recordings = await demo.avantlink();
  expect(recordings.adjustments).toEqual([
    expect.objectContaining({
      merchant_id: '4321',
      transaction_id: orderId,
      adjustment_amount: subtotal,
      adjustment_type: 'RETURN',
    }),
  ]);
  const call = recordings.requests.at(-1)!;
  expect(call).toMatchObject({ method: 'POST', path: '/api.php', status: 200 });
  expect(call.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  expect(call.body).toMatchObject({ module: 'MerchantTransactionAdjustment', adjustment_amount: subtotal });

  // The same refund again: a duplicate, nothing sent.
  await page.getByRole('button', { name: 'Refund this order' }).click();
  await expect(page.getByTestId('refund-result').last()).toContainText('already refunded');
  expect((await demo.avantlink()).adjustments).toHaveLength(1);

  // The QA console shows the call, with the auth key hidden, and the refund on the order.
  await openConsole(page);
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="refund"]`)).toContainText('duplicate');
  const logItem = page.locator('.log-item', { hasText: 'AvantLink adjustment' }).first();
  await expect(logItem).toContainText(`Commission of order ${orderId} reversed: ${subtotal} (RETURN).`);
  await logItem.locator('summary').click();
  await expect(logItem).not.toContainText('demo0000avantlink0legacy0authkey');
  await expect(logItem).toContainText('hidden');
});

test('the QA console refunds an order with its button, and an Aflite order is unsupported: nothing sent', async ({
  page,
  demo,
}) => {
  await demo.open('/?clickSource=aflite&clickSessionID=refund-aflite');
  await addToCart(page, 'switchback-45-pack', { variant: 'Large' });
  const orderId = await demo.checkout();
  expect((await demo.aflite()).goals).toHaveLength(1);
  await openConsole(page);
  await page.locator(`[data-refund="${orderId}"]`).click();
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="refund"]`)).toContainText('unsupported');
  await expect(page.locator(`[data-order="${orderId}"] [data-testid="refund"]`)).toContainText(
    'Aflite documents no reversal API',
  );
  expect((await demo.avantlink()).adjustments).toEqual([]);
  expect((await demo.aflite()).requests).toHaveLength(1);
});

test('an order no network received is offered no refund, on its page or in the console, and refusing it sends nothing', async ({
  page,
  demo,
}) => {
  // No affiliate click: checkout tells no network, so there is no commission to take back.
  await addToCart(page, 'summit-bivy');
  const orderId = await demo.checkout();
  await expect(page.getByTestId('no-refund')).toContainText('No network received this order');
  await expect(page.getByRole('button', { name: 'Refund this order' })).toHaveCount(0);

  await openConsole(page);
  const row = page.locator(`[data-order="${orderId}"]`);
  await expect(row.getByTestId('refund')).toHaveText('no network received it');
  await expect(row.locator('[data-refund]')).toHaveCount(0);

  // Asked anyway (the API, or a stale page): refused without a call to any network.
  const refund = await page.request.post('/qa/api/refund', { data: { orderId } });
  expect(await refund.json()).toMatchObject({
    results: {},
    note: expect.stringContaining('nothing to refund'),
  });
  expect((await demo.avantlink()).requests).toEqual([]);
  expect((await demo.aflite()).requests).toEqual([]);
});
