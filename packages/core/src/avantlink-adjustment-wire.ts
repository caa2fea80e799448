/*
 * AvantLink's legacy API module `MerchantTransactionAdjustment` (reversing a commission) and its
 * batch returns file: the one place where their wire names are spelled (`specs/NETWORKS.md`,
 * "Returns and adjustments").
 *
 * Documented: https only, 3,000 requests a day, the parameter names below, `adjustment_amount` a
 * positive plain decimal (no `$`, no `,`), the four adjustment types, the returns file's columns and
 * its 30 days.
 * NOTE: UNCONFIRMED: the legacy API's URL, how the module is named in a request (`module=…`), how the
 * parameters travel (query string or form body) and what it answers are not on the page we have.
 * The values in AVANTLINK_ADJUSTMENT_API are this project's best guess (AvantLink's other legacy
 * modules are called as `https://classic.avantlink.com/api.php?module=…`); each can be overridden in
 * the client's `adjustments` options, and this object is the one place to correct them.
 */

/** The legacy API as this SDK calls it. UNCONFIRMED (see above); override in the client options. */
export const AVANTLINK_ADJUSTMENT_API = {
  /** Where the legacy API answers. UNCONFIRMED. */
  url: 'https://classic.avantlink.com/api.php',
  /** How the parameters travel: `'form'` (POST, form body: the auth key stays out of URLs) or `'query'`. UNCONFIRMED. */
  transport: 'form',
  /** The parameter that names the module. UNCONFIRMED. */
  moduleParam: 'module',
  /** The module's name (documented). */
  module: 'MerchantTransactionAdjustment',
} as const;

/** The documented parameters of `MerchantTransactionAdjustment`, by the SDK's own names. */
export const AVANTLINK_ADJUSTMENT_PARAMS = {
  /** The merchant's legacy API key (32 characters): a secret. */
  authKey: 'auth_key',
  /** The merchant's integer id in the legacy API (not the UUID of the S2S API). */
  merchantId: 'merchant_id',
  /** The order number, as reported in `tracking/order` (`order_number`). */
  orderId: 'transaction_id',
  /** The amount to reverse: a positive plain decimal. A full reversal passes the original amount. */
  amount: 'adjustment_amount',
  /** One of {@link AVANTLINK_ADJUSTMENT_TYPES}. */
  type: 'adjustment_type',
} as const;

/** The documented values of `adjustment_type`. */
export const AVANTLINK_ADJUSTMENT_TYPES = ['ADJUSTMENT', 'CANCELED', 'FRAUD', 'RETURN'] as const;

/** One of {@link AVANTLINK_ADJUSTMENT_TYPES}. */
export type AvantLinkAdjustmentType = (typeof AVANTLINK_ADJUSTMENT_TYPES)[number];

/** The documented request limit of the legacy API, per day. */
export const AVANTLINK_ADJUSTMENT_DAILY_LIMIT = 3_000;

/** Length of the legacy API's `auth_key` (documented). */
export const AVANTLINK_AUTH_KEY_LENGTH = 32;

/** The batch returns file's header row, in AvantLink's column order (documented). */
export const AVANTLINK_RETURNS_FILE_COLUMNS = [
  'Merchant ID',
  'Transaction/Order ID',
  'Product ID/SKU',
  'Return Item Amount',
  'Return Item Quantity',
  'Return Reason Code',
] as const;

/** AvantLink takes a return in the batch file within this many days of the sale (documented). */
export const AVANTLINK_RETURNS_FILE_DAYS = 30;
