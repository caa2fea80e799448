import { ConfigError, closestName } from '@affiliate-relay/core';
import type { AvantLinkAdjustmentOptions } from '../clients/avantlink/types';
import type { RetryOptions } from '../http/retry-policy';
import type {
  DeliveryOptions,
  RelayAfliteOptions,
  RelayAttributionOptions,
  RelayAvantLinkOptions,
  RelayConfig,
  RelayCookieOptions,
} from './config';
import type { RelayConsentOptions } from './consent/consent-rule';

// Each list names every option of its type: `satisfies` fails to compile when a type gains an option
// the list lacks, or the list names one the type does not have, so the two cannot drift apart.
type Names<T> = Record<keyof Required<T>, true>;

const RETRY = {
  maxAttempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
} satisfies Names<RetryOptions>;
// The package's own test seams (RetryTestSeams): read from `retry`, kept out of its public type.
const RETRY_SEAMS = { random: true, sleep: true } as const;

const ADJUSTMENTS = {
  authKey: true,
  merchantId: true,
  url: true,
  transport: true,
  allowInsecureHttp: true,
} satisfies Names<AvantLinkAdjustmentOptions>;

const CLIENT = {
  baseUrl: true,
  userAgent: true,
  timeoutMs: true,
  retry: true,
  fetch: true,
} as const;

const AVANTLINK = {
  ...CLIENT,
  merchantId: true,
  adjustments: true,
  reversalsPerDay: true,
} satisfies Names<RelayAvantLinkOptions>;

const AFLITE = {
  ...CLIENT,
  apiKey: true,
  merchantId: true,
  method: true,
  goalId: true,
  traceOnly: true,
} satisfies Names<RelayAfliteOptions>;

const COOKIE = { secret: true, domain: true, secure: true } satisfies Names<RelayCookieOptions>;
const ATTRIBUTION = { policy: true, windows: true } satisfies Names<RelayAttributionOptions>;
const CONSENT = { gpc: true, allows: true } satisfies Names<RelayConsentOptions>;

const DELIVERY = {
  concurrency: true,
  maxPendingClicks: true,
  checkoutBudgetMs: true,
  pollMs: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxAttempts: true,
  lockMs: true,
  retentionDays: true,
} satisfies Names<DeliveryOptions>;

const RELAY = {
  avantlink: true,
  aflite: true,
  cookie: true,
  attribution: true,
  forwardIp: true,
  trustProxy: true,
  allowedOrigins: true,
  consent: true,
  logger: true,
  store: true,
  delivery: true,
  waitUntil: true,
} satisfies Names<RelayConfig>;

/** The option objects inside the config that are checked too, by their path. */
const NESTED: Record<string, Record<string, true>> = {
  avantlink: AVANTLINK,
  'avantlink.adjustments': ADJUSTMENTS,
  'avantlink.retry': { ...RETRY, ...RETRY_SEAMS },
  aflite: AFLITE,
  'aflite.retry': { ...RETRY, ...RETRY_SEAMS },
  cookie: COOKIE,
  attribution: ATTRIBUTION,
  consent: CONSENT,
  delivery: DELIVERY,
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
  const problems = namesOutside(config, RELAY, '');
  for (const [path, known] of Object.entries(NESTED)) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (at, key) => (isPlainObject(at) ? (at as Record<string, unknown>)[key] : undefined),
        config,
      );
    if (isPlainObject(value)) problems.push(...namesOutside(value as object, known, `${path}.`));
  }
  return problems;
}

/**
 * Throws one ConfigError naming every unknown option of `config` (see {@link unknownOptionNames}).
 *
 * @example
 * checkOptionNames(config); // ConfigError: createRelay: unknown options: avantlink.baseURL: did you mean baseUrl?
 */
export function checkOptionNames(config: object): void {
  const problems = unknownOptionNames(config);
  if (problems.length === 0) return;
  const noun = problems.length === 1 ? 'an unknown option' : `${problems.length} unknown options`;
  throw new ConfigError(`createRelay: ${noun}: ${problems.join('; ')}`);
}

function namesOutside(value: object, known: Record<string, true>, prefix: string): string[] {
  const names = Object.keys(known);
  return Object.keys(value)
    .filter((name) => !Object.hasOwn(known, name))
    .map((name) => {
      const near = closestName(name, names);
      return near ? `${prefix}${name}: did you mean ${near}?` : `${prefix}${name}`;
    });
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
