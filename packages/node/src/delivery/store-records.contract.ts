import type { DeliveryRecord } from './contract';

/*
 * Sample records of each kind, for the store contract suite (`store.contract.ts`) and the package's own
 * tests: every field a store must keep, with any of them replaced.
 */

/** A pending Aflite order delivery due at 1000 ms, with any field replaced. */
export function record(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    kind: 'order',
    key: orderId,
    network: 'aflite',
    status: 'pending',
    attempts: 0,
    createdAt: 1000,
    updatedAt: 1000,
    nextAttemptAt: 1000,
    request: { clickSessionId: 'abc123', goalId: '1', merchantRef: orderId, value: 10 },
    ...overrides,
  } as DeliveryRecord;
}

/** A pending AvantLink order delivery with a full order, for round trips. */
export function avantlinkRecord(orderId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return record(orderId, {
    network: 'avantlink',
    request: {
      avad: '77_f3afbe121',
      userIds: ['u_78901'],
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/17.5',
      currentUrl: 'https://shop.test/checkout/thanks?ref=ü',
      googleClickId: 'EAIaIQobChMI',
      order: {
        orderId,
        subtotal: 100.1,
        currency: 'USD',
        couponCodes: ['free-shipping'],
        customer: { newCustomer: false, country: 'USA', state: 'UT' },
        items: [{ parentSku: 'TENT-2', variantSku: 'TENT-2-GRN', price: 80.05, quantity: 1, brand: 'Acme' }],
      },
    },
    ...overrides,
  } as Partial<DeliveryRecord>);
}

/** A pending AvantLink click delivery. */
export function clickRecord(key: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return record(key, {
    kind: 'click',
    network: 'avantlink',
    request: {
      avad: '77_f3afbe121',
      visitorIds: ['vis_3f2c1a97'],
      userAgent: 'Mozilla/5.0 Safari/17.5',
      currentUrl: 'https://shop.test/?avad=77_f3afbe121',
    },
    ...overrides,
  } as Partial<DeliveryRecord>);
}

/** A pending reversal delivery (AvantLink adjustment) of an order. */
export function reversalRecord(key: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return record(key, {
    kind: 'reversal',
    network: 'avantlink',
    request: {
      reversalId: `rev-${key}`,
      orderId: key.split('#')[0]!,
      amount: '49.95',
      type: 'RETURN',
      items: [{ sku: 'TENT-2', quantity: 1, amount: '49.95' }],
      orderedAt: 500,
    },
    ...overrides,
  } as Partial<DeliveryRecord>);
}
