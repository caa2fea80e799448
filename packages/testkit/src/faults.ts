import { ConfigError } from '@affiliate-relay/core';
import type { Fault } from './types';

/** Faults waiting for the next requests, each used `times` times, in the order they were injected. */
export class FaultQueue {
  #queue: { fault: Fault; left: number }[] = [];

  add(fault: Fault): void {
    checkFault(fault);
    this.#queue.push({ fault, left: fault.times ?? 1 });
  }

  /** The fault for the next request, if any (and counts it as used). */
  take(): Fault | undefined {
    const head = this.#queue[0];
    if (!head) return undefined;
    head.left -= 1;
    if (head.left <= 0) this.#queue.shift();
    return head.fault;
  }

  /** How many requests still get a fault. */
  get pending(): number {
    return this.#queue.reduce((sum, entry) => sum + entry.left, 0);
  }

  clear(): void {
    this.#queue = [];
  }
}

/** Throws a TypeError naming what is wrong with a fault. */
export function checkFault(fault: Fault): void {
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1)
    throw new ConfigError('fault.times must be a whole number, 1 or more');
  if (fault.type === 'status') {
    if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
      throw new ConfigError('fault.status must be an HTTP status from 200 to 599');
    }
    const after = fault.retryAfterSeconds;
    if (after !== undefined && (!Number.isInteger(after) || after < 0)) {
      throw new ConfigError('fault.retryAfterSeconds must be a whole number, 0 or more');
    }
  } else if (fault.type === 'delay') {
    if (!Number.isFinite(fault.ms) || fault.ms < 0) throw new ConfigError('fault.ms must be 0 or more');
  } else if (fault.type !== 'drop') {
    throw new ConfigError(`unknown fault type ${String((fault as { type?: unknown }).type)}`);
  }
}
