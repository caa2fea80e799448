import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { FaultQueue } from './faults';
import type { Fault } from './types';

describe('FaultQueue', () => {
  it('applies each fault `times` times, in the order injected', () => {
    const queue = new FaultQueue();
    queue.add({ type: 'status', status: 503, times: 2 });
    queue.add({ type: 'drop' });
    expect(queue.pending).toBe(3);
    expect([queue.take()?.type, queue.take()?.type, queue.take()?.type, queue.take()]).toEqual([
      'status',
      'status',
      'drop',
      undefined,
    ]);
    expect(queue.pending).toBe(0);
  });

  it('clears', () => {
    const queue = new FaultQueue();
    queue.add({ type: 'delay', ms: 10, times: 5 });
    queue.clear();
    expect(queue.take()).toBeUndefined();
  });

  it.each([
    { type: 'status', status: 99 },
    { type: 'status', status: 700 },
    { type: 'status', status: 503, retryAfterSeconds: -1 },
    { type: 'delay', ms: -5 },
    { type: 'drop', times: 0 },
    { type: 'drop', times: 1.5 },
    { type: 'explode' },
  ])('rejects %j', (fault) => {
    expect(() => new FaultQueue().add(fault as Fault)).toThrow(ConfigError);
  });
});
