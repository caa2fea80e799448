import { ConfigError, closestName } from '@affiliate-relay/core';
import type { RetryOptions } from '../http/retry-policy';
import type { AfliteClientOptions } from './aflite/types';
import type { AvantLinkAdjustmentOptions, AvantLinkClientOptions } from './avantlink/types';

/*
 * The option names the clients (and the relay, which builds them) know. Each list names every option of
 * its type: `satisfies` fails to compile when a type gains an option the list lacks, or the list names
 * one the type does not have, so the two cannot drift apart. In plain JavaScript nothing else catches a
 * typo, and a misspelt `baseUrl` would send to the real network.
 */

/** Every key of an options type, as a list `satisfies` can check. */
export type OptionNames<T> = Record<keyof Required<T>, true>;

/** Option names by the path of the object that holds them (`''` for the top level). */
export type OptionShape = Record<string, Record<string, true>>;

export const RETRY_OPTIONS = {
  maxAttempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
  maxRetryAfterMs: true,
} satisfies OptionNames<RetryOptions>;

/** `retry` as read: its options, and the package's own test seams (RetryTestSeams, kept out of its public type). */
export const RETRY_AS_READ = { ...RETRY_OPTIONS, random: true, sleep: true } as const;

export const ADJUSTMENT_OPTIONS = {
  authKey: true,
  merchantId: true,
  url: true,
  transport: true,
  allowInsecureHttp: true,
} satisfies OptionNames<AvantLinkAdjustmentOptions>;

/** The options both clients take beside their credentials. */
export const CLIENT_OPTIONS = {
  baseUrl: true,
  userAgent: true,
  timeoutMs: true,
  retry: true,
  fetch: true,
} as const;

export const AVANTLINK_CLIENT_OPTIONS = {
  ...CLIENT_OPTIONS,
  merchantId: true,
  adjustments: true,
  logger: true,
  maxSockets: true,
  maxClickSockets: true,
} satisfies OptionNames<AvantLinkClientOptions>;

export const AFLITE_CLIENT_OPTIONS = {
  ...CLIENT_OPTIONS,
  apiKey: true,
  merchantId: true,
  method: true,
  logger: true,
  maxSockets: true,
} satisfies OptionNames<AfliteClientOptions>;

/**
 * The names in `options` that `shape` does not know, at its top level and in each nested object it
 * lists, each with the closest known name when one is near (`baseURL: did you mean baseUrl?`).
 *
 * @example
 * unknownNames({ baseURL: 'x' }, { '': { baseUrl: true } }); // ['baseURL: did you mean baseUrl?']
 */
export function unknownNames(options: object, shape: OptionShape): string[] {
  const problems: string[] = [];
  for (const [path, known] of Object.entries(shape)) {
    const value =
      path === ''
        ? options
        : path
            .split('.')
            .reduce<unknown>(
              (at, key) => (isPlainObject(at) ? (at as Record<string, unknown>)[key] : undefined),
              options,
            );
    if (isPlainObject(value)) problems.push(...namesOutside(value as object, known, path ? `${path}.` : ''));
  }
  return problems;
}

/**
 * Throws one ConfigError naming every unknown option of `options` for `who` (see {@link unknownNames}).
 *
 * @example
 * checkNames(options, AVANTLINK_CLIENT_SHAPE, 'AvantLinkClient'); // ConfigError: AvantLinkClient: an unknown option: baseURL: did you mean baseUrl?
 */
export function checkNames(options: object, shape: OptionShape, who: string): void {
  const problems = unknownNames(options, shape);
  if (problems.length === 0) return;
  const noun = problems.length === 1 ? 'an unknown option' : `${problems.length} unknown options`;
  throw new ConfigError(`${who}: ${noun}: ${problems.join('; ')}`);
}

export const AVANTLINK_CLIENT_SHAPE: OptionShape = {
  '': AVANTLINK_CLIENT_OPTIONS,
  adjustments: ADJUSTMENT_OPTIONS,
  retry: RETRY_AS_READ,
};

export const AFLITE_CLIENT_SHAPE: OptionShape = { '': AFLITE_CLIENT_OPTIONS, retry: RETRY_AS_READ };

function namesOutside(value: object, known: Record<string, true>, prefix: string): string[] {
  const names = Object.keys(known);
  return Object.keys(value)
    .filter((name) => !Object.hasOwn(known, name))
    .map((name) => {
      const near = closestName(name, names);
      return near ? `${prefix}${name}: did you mean ${near}?` : `${prefix}${name}`;
    });
}

/** Whether `value` is an object an option group can be (not null, not an array). */
export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
