import { describe, expect, it } from 'vitest';
import {
  AffiliateRelayError,
  ConfigError,
  HttpError,
  isAffiliateRelayError,
  isErrorNamed,
  NetworkError,
  TimeoutError,
  ValidationError,
} from './errors';

describe('errors', () => {
  it('carry a code and a name, and are AffiliateRelayErrors', () => {
    const cases: [AffiliateRelayError, string, string][] = [
      [new ConfigError('bad'), 'ConfigError', 'config_invalid'],
      [
        new ValidationError('order', [{ path: 'orderId', message: 'Required' }]),
        'ValidationError',
        'validation_failed',
      ],
      [new HttpError(400, { error: 'x' }, 'AvantLink answered 400'), 'HttpError', 'http_error'],
      [new NetworkError('refused', { sent: false }), 'NetworkError', 'network_error'],
      [new TimeoutError(100), 'TimeoutError', 'timeout'],
    ];
    for (const [error, name, code] of cases) {
      expect(error).toBeInstanceOf(AffiliateRelayError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(isAffiliateRelayError(error)).toBe(true);
    }
  });

  it('TimeoutError takes a message of its own (a deadline that left no time), keeping code timeout', () => {
    expect(new TimeoutError(100).message).toBe('No answer within 100 ms');
    const stopped = new TimeoutError(0, 'AvantLink tracking/order was not sent: no time left');
    expect(stopped).toMatchObject({ name: 'TimeoutError', code: 'timeout', timeoutMs: 0 });
    expect(stopped.message).toBe('AvantLink tracking/order was not sent: no time left');
  });

  it('ValidationError names each field in its message', () => {
    const error = new ValidationError('AvantLink click', [
      { path: 'user_agent', message: 'Required' },
      { path: 'tracking_ids.user_id', message: 'Expected array' },
    ]);
    expect(error.message).toBe(
      'AvantLink click is invalid: user_agent: Required; tracking_ids.user_id: Expected array',
    );
  });

  it('matches errors from another realm by name and code', () => {
    const foreign = { name: 'HttpError', code: 'http_error', message: 'x', status: 500 };
    expect(isAffiliateRelayError(foreign)).toBe(true);
    expect(isErrorNamed(foreign, 'HttpError')).toBe(true);
    expect(isErrorNamed(foreign, 'TimeoutError')).toBe(false);
  });

  it('does not match ordinary errors', () => {
    expect(isAffiliateRelayError(new Error('x'))).toBe(false);
    expect(isAffiliateRelayError({ name: 'HttpError' })).toBe(false);
    expect(isAffiliateRelayError(null)).toBe(false);
    expect(isAffiliateRelayError('HttpError')).toBe(false);
  });

  it('HttpError carries the Retry-After wait only when the network sent one', () => {
    expect(new HttpError(503, '', 'x', { retryAfterMs: 60_000 }).retryAfterMs).toBe(60_000);
    expect(new HttpError(503, '', 'x')).not.toHaveProperty('retryAfterMs');
  });

  it('keeps the cause of a network error', () => {
    const cause = new Error('ECONNREFUSED');
    expect(new NetworkError('refused', { cause, sent: false }).cause).toBe(cause);
  });
});
