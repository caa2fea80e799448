import {
  ADJUSTMENT_OPTIONS,
  CLIENT_OPTIONS,
  checkNames,
  type OptionNames,
  type OptionShape,
  RETRY_AS_READ,
  unknownNames,
} from '../clients/option-names';
import type {
  DeliveryOptions,
  RelayAfliteOptions,
  RelayAttributionOptions,
  RelayAvantLinkOptions,
  RelayConfig,
  RelayCookieOptions,
} from './config';
import type { RelayConsentOptions } from './consent/consent-rule';

const AVANTLINK = {
  ...CLIENT_OPTIONS,
  merchantId: true,
  adjustments: true,
  reversalsPerDay: true,
  testLink: true,
} satisfies OptionNames<RelayAvantLinkOptions>;

const AFLITE = {
  ...CLIENT_OPTIONS,
  apiKey: true,
  merchantId: true,
  method: true,
  goalId: true,
  traceOnly: true,
} satisfies OptionNames<RelayAfliteOptions>;

const COOKIE = { secret: true, domain: true, secure: true } satisfies OptionNames<RelayCookieOptions>;
const ATTRIBUTION = { policy: true, windows: true } satisfies OptionNames<RelayAttributionOptions>;
const CONSENT = { gpc: true, allows: true } satisfies OptionNames<RelayConsentOptions>;

const DELIVERY_CLICKS = { maxConcurrency: true } satisfies OptionNames<
  NonNullable<DeliveryOptions['clicks']>
>;

const DELIVERY = {
  concurrency: true,
  clicks: true,
  maxPendingClicks: true,
  checkoutBudgetMs: true,
  pollMs: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxAttempts: true,
  lockMs: true,
  retentionDays: true,
} satisfies OptionNames<DeliveryOptions>;

const RELAY = {
  avantlink: true,
  aflite: true,
  cookie: true,
  attribution: true,
  forwardIp: true,
  trustProxy: true,
  allowedOrigins: true,
  consent: true,
  testMode: true,
  logger: true,
  store: true,
  delivery: true,
  waitUntil: true,
} satisfies OptionNames<RelayConfig>;

/** The config's option objects, by their path. */
const SHAPE: OptionShape = {
  '': RELAY,
  avantlink: AVANTLINK,
  'avantlink.adjustments': ADJUSTMENT_OPTIONS,
  'avantlink.retry': RETRY_AS_READ,
  aflite: AFLITE,
  'aflite.retry': RETRY_AS_READ,
  cookie: COOKIE,
  attribution: ATTRIBUTION,
  consent: CONSENT,
  delivery: DELIVERY,
  'delivery.clicks': DELIVERY_CLICKS,
};

/**
 * The names in `config` that `createRelay` does not know, each with the closest known name when one is
 * near (`avantlink.baseURL: did you mean baseUrl?`). In plain JavaScript nothing else catches such a
 * typo, and a misspelt `baseUrl` would send to the real network.
 *
 * @example
 * unknownOptionNames({ avantlink: { merchantId, baseURL } }); // ['avantlink.baseURL: did you mean baseUrl?']
 */
export function unknownOptionNames(config: object): string[] {
  return unknownNames(config, SHAPE);
}

/**
 * Throws one ConfigError naming every unknown option of `config` (see {@link unknownOptionNames}).
 *
 * @example
 * checkOptionNames(config); // ConfigError: createRelay: unknown options: avantlink.baseURL: did you mean baseUrl?
 */
export function checkOptionNames(config: object): void {
  checkNames(config, SHAPE, 'createRelay');
}
