// @affiliate-relay/node/checkout: for checkouts that finish on another site (Stripe Checkout, PayPal, Shopify).
// `relay.createHandoff` and `recordConversion({ order, handoff })` are on the relay itself; here are the error a
// refused hand-off carries (`result.handoffError`) and the helpers that turn a platform's webhook payload into the
// relay's order input.
export { HandoffError, type HandoffRefusal } from '@affiliate-relay/core';
