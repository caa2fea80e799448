import { ConfigError, HttpError, NetworkError, TimeoutError, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  classifyFailure,
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryPolicy,
  retryDelay,
} from './retry-policy';

const fixed = (value: number) => resolveRetryPolicy({ random: () => value });

describe('resolveRetryPolicy', () => {
  it('defaults to 4 attempts (3 retries), 300 ms to 10 s, Retry-After up to 60 s', () => {
    const policy = resolveRetryPolicy();
    expect(policy).toMatchObject({
      maxAttempts: 4,
      baseDelayMs: 300,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
    });
    expect(DEFAULT_RETRY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 300,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
    });
  });

  it.each([
    [{ maxAttempts: 0 }],
    [{ maxAttempts: 1.5 }],
    [{ baseDelayMs: -1 }],
    [{ maxDelayMs: Number.NaN }],
    [{ baseDelayMs: 500, maxDelayMs: 100 }],
  ])('rejects %j with a ConfigError', (options) => {
    expect(() => resolveRetryPolicy(options)).toThrow(ConfigError);
  });

  it('accepts maxAttempts 1 (no retries)', () => {
    expect(resolveRetryPolicy({ maxAttempts: 1 }).maxAttempts).toBe(1);
  });
});

describe('which failures are retried', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('retries HTTP %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
    expect(classifyFailure({ status })).toBe('ambiguous');
  });

  it.each([200, 301, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 499, 600])(
    'never retries HTTP %i',
    (status) => {
      expect(isRetryableStatus(status)).toBe(false);
    },
  );

  it.each([400, 401, 403, 404, 409, 422])('treats HTTP %i as final', (status) => {
    expect(classifyFailure({ status })).toBe('final');
  });

  it('tells a request that never left from one that may have arrived', () => {
    expect(classifyFailure({ error: new NetworkError('refused', { sent: false }) })).toBe('never-sent');
    expect(classifyFailure({ error: new NetworkError('reset', { sent: true }) })).toBe('ambiguous');
    expect(classifyFailure({ error: new TimeoutError(100) })).toBe('ambiguous');
  });

  it('does not retry errors that are not about the network', () => {
    expect(classifyFailure({ error: new ValidationError('x', []) })).toBe('final');
    expect(classifyFailure({ error: new HttpError(400, {}, 'bad') })).toBe('final');
    expect(classifyFailure({ error: new TypeError('bug') })).toBe('final');
  });
});

describe('backoffDelay', () => {
  it('waits at least baseDelayMs (random = 0) on every retry', () => {
    for (const retry of [1, 2, 3, 4, 10]) expect(backoffDelay(fixed(0), retry)).toBe(300);
  });

  it('doubles the ceiling on each retry (random → 1)', () => {
    expect(backoffDelay(fixed(1), 1)).toBe(600);
    expect(backoffDelay(fixed(1), 2)).toBe(1_200);
    expect(backoffDelay(fixed(1), 3)).toBe(2_400);
    expect(backoffDelay(fixed(1), 4)).toBe(4_800);
    expect(backoffDelay(fixed(1), 5)).toBe(9_600);
  });

  it('never exceeds maxDelayMs', () => {
    for (const retry of [6, 10, 50, 1000, 5000]) expect(backoffDelay(fixed(1), retry)).toBe(10_000);
    expect(backoffDelay(resolveRetryPolicy({ random: () => 1, maxDelayMs: 1_000 }), 3)).toBe(1_000);
  });

  it('spreads with full jitter between the bounds', () => {
    expect(backoffDelay(fixed(0.5), 1)).toBe(450);
    expect(backoffDelay(fixed(0.25), 3)).toBe(300 + 0.25 * 2_100);
  });

  it('keeps a broken random source inside the bounds', () => {
    expect(backoffDelay(fixed(-3), 2)).toBe(300);
    expect(backoffDelay(fixed(7), 2)).toBe(1_200);
    expect(backoffDelay(fixed(Number.NaN), 2)).toBe(300);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter(' 120 ')).toBe(120_000);
  });

  it('reads an HTTP date, relative to now, never negative', () => {
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });

  it('replaces the backoff, even when shorter or longer than it', () => {
    const policy = fixed(0.5);
    expect(retryDelay(policy, 1, '0')).toBe(0);
    expect(retryDelay(policy, 1, '30')).toBe(30_000);
    expect(retryDelay(policy, 1, null)).toBe(450);
    expect(retryDelay(policy, 1, 'garbage')).toBe(450);
  });

  it('ends the retries when the server asks for more than maxRetryAfterMs', () => {
    expect(retryDelay(fixed(0), 1, '61')).toBeUndefined();
    expect(retryDelay(fixed(0), 1, '60')).toBe(60_000);
    expect(retryDelay(resolveRetryPolicy({ maxRetryAfterMs: 1_000 }), 1, '2')).toBeUndefined();
    expect(retryDelay(fixed(0), 1, 'Sun, 22 Nov 2026 11:00:00 GMT', now)).toBeUndefined();
  });
});
