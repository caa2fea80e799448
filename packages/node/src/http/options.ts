import { ConfigError } from '@affiliate-relay/core';

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
