// Type-checked by scripts/check-install.mjs against the packed tarballs, installed in a new project outside the
// workspace, under moduleResolution node10, node16 (as CJS and as ESM) and bundler. It touches every entry point.

import { init } from '@affiliate-relay/browser';
import { captureTouches, isAffiliateRelayError, type Touch } from '@affiliate-relay/core';
import { type OrderInput, orderInputSchema } from '@affiliate-relay/core/schemas';
import { createRelay, type NetworkResult } from '@affiliate-relay/node';
import { AvantLinkClient } from '@affiliate-relay/node/clients';
import { createMemoryStore, type DeliveryStore, runStoreContract } from '@affiliate-relay/node/store';
import { startFakeAvantLink } from '@affiliate-relay/testkit';
import { avantLinkHandlers } from '@affiliate-relay/testkit/msw';

const touches: Touch[] = captureTouches('https://shop.example/?avad=77_f3afbe121', { now: 0 });
const order: OrderInput = {
  orderId: 'A-1001',
  subtotal: 100,
  currency: 'USD',
  items: [{ parentSku: 'TENT', price: 100, quantity: 1 }],
};
// Parsed schemas are typed, not `any`: a number stays a number.
const subtotal: number = orderInputSchema.parse(order).subtotal;

const relay = createRelay({
  cookie: { secret: 'a-secret-of-at-least-thirty-two-characters' },
  avantlink: { merchantId: '00000000-0000-4000-8000-000000000000' },
  store: createMemoryStore(),
});
const store: DeliveryStore = createMemoryStore();
// A shop's own store proves itself with the contract suite, its test framework passed in (here a stand-in).
runStoreContract(() => store, {
  describe: (_name, body) => body(),
  it: () => undefined,
  expect: () => ({ toBe() {}, toEqual() {}, toHaveLength() {}, toMatchObject() {} }),
});
export const client = new AvantLinkClient({ merchantId: '00000000-0000-4000-8000-000000000000' });
export const listener = relay.collectListener();

export async function checkout(request: Request): Promise<NetworkResult | undefined> {
  const { results } = await relay.recordConversion({ order, request });
  return results.avantlink;
}

export async function fakes(): Promise<string> {
  const fake = await startFakeAvantLink();
  await fake.close();
  return fake.url;
}

export const browser = typeof window === 'undefined' ? undefined : init({ consent: 'pending' });
export const handlers = avantLinkHandlers;
export const checks = [touches.length, subtotal, isAffiliateRelayError(new Error('x'))];

// @ts-expect-error a subtotal is a number: this line fails to compile only while the types are real, not `any`.
export const wrong: string = orderInputSchema.parse(order).subtotal;
