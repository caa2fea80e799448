// Must NOT type-check: a subtotal given as a string. scripts/check-install.mjs expects exactly one error, TS2322
// on the `subtotal` line, under every moduleResolution (were the order input `any`, this would compile).
import { createRelay } from '@affiliate-relay/node';

const relay = createRelay({ cookie: { secret: 'a-secret-of-at-least-thirty-two-characters' } });

export async function checkout(request: Request): Promise<void> {
  await relay.recordConversion({
    order: {
      orderId: 'A-1001',
      subtotal: '100.00',
      currency: 'USD',
      items: [{ parentSku: 'TENT', price: 100, quantity: 1 }],
    },
    request,
  });
}
