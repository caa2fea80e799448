import { createRelay } from '@affiliate-relay/node';

/*
 * The relay, configured from the environment as a real shop would be. Unset variables are loud:
 * createRelay throws a ConfigError naming what is missing. AVANTLINK_BASE_URL / AFLITE_BASE_URL are
 * only for tests (the testkit's fakes); leave them unset in production.
 */
const env = process.env;

export const relay = createRelay({
  avantlink: {
    merchantId: env.AVANTLINK_MERCHANT_ID ?? '',
    ...(env.AVANTLINK_BASE_URL ? { baseUrl: env.AVANTLINK_BASE_URL } : {}),
  },
  aflite: {
    apiKey: env.AFLITE_API_KEY ?? '',
    merchantId: env.AFLITE_MERCHANT_ID ?? '',
    goalId: env.AFLITE_GOAL_ID ?? '',
    ...(env.AFLITE_BASE_URL ? { baseUrl: env.AFLITE_BASE_URL } : {}),
  },
  // COOKIE_INSECURE=1 only for plain-http development: a Secure cookie never comes back over http.
  cookie: { secret: env.COOKIE_SECRET ?? '', secure: env.COOKIE_INSECURE !== '1' },
  logger: (event) => {
    if (event.type === 'warning' || event.type === 'relay-error')
      console.warn(`affiliate-relay ${event.type}:`, event);
  },
});
