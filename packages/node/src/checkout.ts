// @affiliate-relay/node/checkout: for checkouts that finish on another site (Stripe Checkout, PayPal, Shopify).
// `relay.createHandoff` and `recordConversion({ order, handoff })` are on the relay itself; here are the error a
// refused hand-off carries (`result.handoffError`) and the helpers that turn a platform's webhook payload into the
// relay's order input.
export { HANDOFF_NAMES, HandoffError, type HandoffRefusal } from '@affiliate-relay/core';
export {
  orderFromPayPalCapture,
  type PayPalCaptureInput,
  type PayPalMoney,
  type PayPalPurchaseUnitInput,
} from './platforms/paypal';
export { orderFromShopifyOrder, type ShopifyConversion, type ShopifyOrderInput } from './platforms/shopify';
export {
  orderFromStripeSession,
  type PlatformConversion,
  type StripeCheckoutSessionInput,
} from './platforms/stripe';
