import Stripe from 'stripe';

/*
 * Stripe, from the environment. STRIPE_API_URL is only for tests (a stand-in for api.stripe.com on 127.0.0.1):
 * leave it unset in production.
 */
const env = process.env;
const api = env.STRIPE_API_URL ? new URL(env.STRIPE_API_URL) : undefined;

export const stripe = new Stripe(env.STRIPE_SECRET_KEY ?? '', {
  telemetry: false,
  ...(api
    ? {
        host: api.hostname,
        port: api.port,
        protocol: api.protocol === 'http:' ? ('http' as const) : ('https' as const),
      }
    : {}),
});

/** The signing secret of the webhook endpoint (`whsec_…`, from the Dashboard or `stripe listen`). */
export const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? '';
