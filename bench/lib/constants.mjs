// What the bench's processes share: credentials the fakes accept and the shop the beacons come from.

export const AFLITE_API_KEY = 'bench-aflite-api-key-0123456789';
export const AFLITE_MERCHANT_ID = 'bench-merchant';
export const AVANTLINK_MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
export const COOKIE_SECRET = 'bench-cookie-secret-of-at-least-32-characters';
export const VISITOR_ID = 'vis_3f2c1a97';
export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
/** autocannon's connections, as in the table. */
export const CONNECTIONS = 20;
/** The fleet figure's PostgreSQL table, given to every store it opens (the package's default name, said here). */
export const FLEET_TABLE = 'affiliate_relay_deliveries';
