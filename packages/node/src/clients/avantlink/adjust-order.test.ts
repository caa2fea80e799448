import { createFakeAvantLink } from '@affiliate-relay/testkit';
import { avantLinkHandlers } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordedRetry } from '../../../test/fixtures/recording';
import { AvantLinkClient } from './client';

// Unit tests over msw at the default (unconfirmed) legacy URL: no `url` override anywhere here.
const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const AUTH_KEY = '00112233445566778899aabbccddeeff';
const avantlink = createFakeAvantLink({ authKey: AUTH_KEY, legacyMerchantId: 777 });
const server = setupServer(...avantLinkHandlers({ fake: avantlink }));

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => avantlink.reset());
afterAll(() => server.close());

const client = () =>
  new AvantLinkClient({
    merchantId: MERCHANT,
    adjustments: { authKey: AUTH_KEY, merchantId: 777 },
    retry: recordedRetry().retry,
  });

describe('adjustOrder with the default legacy API settings', () => {
  it('POSTs the form to https://classic.avantlink.com/api.php', async () => {
    await client().adjustOrder({ orderId: 'ORD-1', amount: 100, type: 'CANCELED' });
    expect(avantlink.requests).toHaveLength(1);
    expect(avantlink.requests[0]).toMatchObject({ method: 'POST', path: '/api.php', query: {} });
    expect(avantlink.adjustments).toMatchObject([
      {
        merchant_id: '777',
        transaction_id: 'ORD-1',
        adjustment_amount: '100.00',
        adjustment_type: 'CANCELED',
      },
    ]);
  });

  it('sends a full and a partial reversal with the amounts given', async () => {
    await client().adjustOrder({ orderId: 'ORD-2', amount: 59.9, type: 'RETURN' });
    await client().adjustOrder({ orderId: 'ORD-2', amount: '0.10', type: 'ADJUSTMENT' });
    expect(avantlink.adjustments.map((a) => [a.adjustment_amount, a.adjustment_type])).toEqual([
      ['59.90', 'RETURN'],
      ['0.10', 'ADJUSTMENT'],
    ]);
  });

  it('its https URL is the only one the client takes without an override', () => {
    expect(client()).toBeInstanceOf(AvantLinkClient);
    expect(
      () =>
        new AvantLinkClient({
          merchantId: MERCHANT,
          adjustments: { authKey: AUTH_KEY, merchantId: 777, url: 'http://classic.avantlink.com/api.php' },
        }),
    ).toThrow(/https only/);
  });
});
