import { AffiliateRelayError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import type { RelayEvent } from '../relay/events';
import { createEventEmitter } from './events';

describe('createEventEmitter', () => {
  it('is silent without a logger', () => {
    expect(() =>
      createEventEmitter(undefined).emit({
        type: 'retry',
        network: 'aflite',
        operation: 'x',
        attempt: 1,
        delayMs: 1,
        reason: 'r',
      }),
    ).not.toThrow();
  });

  it('redacts the URL and body of request events before the logger sees them', () => {
    const seen: RelayEvent[] = [];
    const events = createEventEmitter<RelayEvent>((event) => seen.push(event), ['s3cret']);
    events.emit({
      type: 'request',
      network: 'aflite',
      operation: 'find-goal',
      method: 'GET',
      url: 'http://aflite.test/data/goals?apikey=s3cret&mref=1',
      attempt: 1,
      body: { apikey: 's3cret', mref: '1' },
    });
    expect(seen).toEqual([
      {
        type: 'request',
        network: 'aflite',
        operation: 'find-goal',
        method: 'GET',
        url: 'http://aflite.test/data/goals?apikey=[REDACTED]&mref=1',
        attempt: 1,
        body: { apikey: '[REDACTED]', mref: '1' },
      },
    ]);
  });

  it('redacts response bodies and retry reasons', () => {
    const seen: RelayEvent[] = [];
    const events = createEventEmitter<RelayEvent>((event) => seen.push(event), ['s3cret']);
    events.emit({
      type: 'response',
      network: 'aflite',
      operation: 'o',
      status: 400,
      durationMs: 1,
      attempt: 1,
      body: 'bad key s3cret',
    });
    events.emit({
      type: 'retry',
      network: 'aflite',
      operation: 'o',
      attempt: 1,
      delayMs: 1,
      reason: 'echo s3cret',
    });
    expect(JSON.stringify(seen)).not.toContain('s3cret');
  });

  it("redacts the relay's own events too: an error's message, stack and cause, keeping its class", () => {
    const seen: RelayEvent[] = [];
    const events = createEventEmitter<RelayEvent>((event) => seen.push(event), ['s3cret']);
    const storeError = new TypeError('insert failed near s3cret');
    const ambiguous = new AffiliateRelayError('delivery_ambiguous', 'goal may be recorded', {
      cause: { failure: new Error('GET /data/goals?apikey=s3cret answered 503') },
    });
    events.emit({ type: 'relay-error', operation: 'store.update', error: storeError });
    events.emit({
      type: 'delivery',
      orderId: 'order-1',
      network: 'aflite',
      outcome: 'pending',
      attempt: 1,
      redelivery: false,
      error: ambiguous,
    });
    const [relayError, delivery] = seen as [
      Extract<RelayEvent, { type: 'relay-error' }>,
      Extract<RelayEvent, { type: 'delivery' }>,
    ];
    expect(relayError.error).toBeInstanceOf(TypeError);
    expect(relayError.error).toMatchObject({ name: 'TypeError', message: 'insert failed near [REDACTED]' });
    expect(String((relayError.error as Error).stack)).not.toContain('s3cret');
    expect(delivery.error).toBeInstanceOf(AffiliateRelayError);
    expect(delivery.error).toMatchObject({ code: 'delivery_ambiguous', message: 'goal may be recorded' });
    const cause = (delivery.error as Error).cause as { failure: Error };
    expect(cause.failure.message).toBe('GET /data/goals?apikey=[REDACTED] answered 503');
    // The caller's own error objects are left as they were.
    expect(storeError.message).toBe('insert failed near s3cret');
  });

  it('passes an error with nothing to redact through as the same object', () => {
    const seen: RelayEvent[] = [];
    const error = new Error('db down');
    createEventEmitter<RelayEvent>((event) => seen.push(event), ['s3cret']).emit({
      type: 'relay-error',
      operation: 'store.claim',
      error,
    });
    expect(seen).toEqual([{ type: 'relay-error', operation: 'store.claim', error }]);
    expect((seen[0] as { error: unknown }).error).toBe(error);
  });

  it('ignores a logger that throws', () => {
    const events = createEventEmitter(() => {
      throw new Error('disk full');
    });
    expect(() =>
      events.emit({
        type: 'retry',
        network: 'avantlink',
        operation: 'o',
        attempt: 1,
        delayMs: 0,
        reason: '',
      }),
    ).not.toThrow();
  });
});
