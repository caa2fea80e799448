import type { ConversionInput } from '@affiliate-relay/node';

type OrderInput = ConversionInput['order'];

/*
 * The Web Pixels fallback's state, by checkout token: the hand-off a pixel reported, and orders that came
 * without one (waiting for the pixel). In memory here; a real app keeps both in its database, with an expiry
 * (a day is plenty: the pixel fires at the end of the same checkout).
 */
const handoffs = new Map<string, string>();
const waiting = new Map<string, OrderInput>();

export const pending = {
  /** The first hand-off reported for a checkout wins: a later report cannot take the order over. */
  rememberHandoff(checkoutToken: string, handoff: string): void {
    if (!handoffs.has(checkoutToken)) handoffs.set(checkoutToken, handoff);
  },
  handoffOf: (checkoutToken: string | null) => (checkoutToken ? handoffs.get(checkoutToken) : undefined),
  park(checkoutToken: string, order: OrderInput): void {
    waiting.set(checkoutToken, order);
  },
  /** The order waiting for this checkout's pixel, taken out (so it is reported once). */
  takeWaiting(checkoutToken: string): OrderInput | undefined {
    const order = waiting.get(checkoutToken);
    waiting.delete(checkoutToken);
    return order;
  },
};
