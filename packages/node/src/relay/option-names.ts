import { ConfigError } from '@affiliate-relay/core';
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

// Each list names every option of its type: `satisfies` fails to compile when a type gains an option
// the list lacks, or the list names one the type does not have, so the two cannot drift apart.
type Names<T> = Record<keyof Required<T>, true>;

const RETRY = {
  limit: true,
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

const DELIVERY = {
  concurrency: true,
  maxPendingClicks: true,
  checkoutBudgetMs: true,
  pollMs: true,
  retryDelayMs: true,
  maxRetryDelayMs: true,
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
      const near = closest(name, names);
      return near ? `${prefix}${name}: did you mean ${near}?` : `${prefix}${name}`;
    });
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The known name nearest to `name` by edit distance, ignoring case, when it is near enough to be a
// typo (at most a third of the name's length, and never more than 3 edits).
function closest(name: string, names: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
