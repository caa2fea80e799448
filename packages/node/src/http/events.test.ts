import { describe, expect, it } from 'vitest';
import { createEventEmitter, type RelayEvent } from './events';

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
    const events = createEventEmitter((event) => seen.push(event), ['s3cret']);
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
    const events = createEventEmitter((event) => seen.push(event), ['s3cret']);
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
