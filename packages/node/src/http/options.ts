import { ConfigError } from '@affiliate-relay/core';
import { createConnections } from './connections';
import type { Transport } from './request-types';

/** Default time limit of one attempt, in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Checks a base URL (http or https, no query) and drops its trailing slashes.
 *
 * @example
 * normalizeBaseUrl('https://client.avantlink.com/', 'baseUrl'); // 'https://client.avantlink.com'
 */
export function normalizeBaseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https`);
  }
  if (url.search || url.hash || url.username || url.password) {
    // A query or credentials in a base URL would be logged with every request.
    throw new ConfigError(`${name} must not carry a query, a fragment or credentials`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * @example
 * checkTimeout(5_000); // 5000
 */
export function checkTimeout(value: number | undefined): number {
  const timeoutMs = value ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw new ConfigError('timeoutMs must be a positive number of milliseconds');
  }
  return timeoutMs;
}

/** Checks a header value (no line breaks), such as a `User-Agent`. */
export function checkHeaderValue(value: string, name: string): string {
  if (!value || /[\r\n]/.test(value)) throw new ConfigError(`${name} must be a non-empty single line`);
  return value;
}

/**
 * How a client sends: its attempt time limit, and the shop's `fetch` or else its own node:http
 * sockets capped at `maxSockets` (the global `fetch` where node:http is not). Throws a ConfigError
 * on a `maxSockets` that is not a whole number, 1 or more.
 *
 * @example
 * const transport = createTransport(options, 'AvantLinkClient');
 */
export function createTransport(
  options: { timeoutMs?: number; fetch?: typeof globalThis.fetch; maxSockets?: number },
  name: string,
): Transport {
  const timeoutMs = checkTimeout(options.timeoutMs);
  const maxSockets = options.maxSockets ?? Number.POSITIVE_INFINITY;
  if (maxSockets !== Number.POSITIVE_INFINITY && (!Number.isInteger(maxSockets) || maxSockets < 1)) {
    throw new ConfigError(`${name}: maxSockets must be a whole number, 1 or more`);
  }
  if (options.fetch) return { timeoutMs, fetch: options.fetch };
  return { timeoutMs, connections: createConnections(maxSockets) };
}
