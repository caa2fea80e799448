import { describe, expect, it } from 'vitest';
import { type ConcurrencyLimit, createConcurrencyLimit, type LimitSample } from './concurrency-limit';

// Runs `n` calls that each began with the limit full, and answered as `sample` says.
function answer(limit: ConcurrencyLimit, n: number, sample: Partial<LimitSample> = {}): void {
  for (let i = 0; i < n; i += 1) {
    const started = limit.start();
    limit.record({ started, rttMs: 100, inFlight: limit.limit, outcome: 'ok', ...sample });
  }
}

describe('createConcurrencyLimit', () => {
  it('starts at its initial limit, within min and max', () => {
    expect(createConcurrencyLimit({ initial: 4, max: 32 }).limit).toBe(4);
    expect(createConcurrencyLimit({ initial: 40, max: 32 }).limit).toBe(32);
    expect(createConcurrencyLimit({ initial: 0, max: 32 }).limit).toBe(1);
    expect(createConcurrencyLimit({ initial: 2, min: 3, max: 32 }).limit).toBe(3);
  });

  it('grows by one per quick answer until its first decrease (slow start), and never past max', () => {
    const limit = createConcurrencyLimit({ initial: 4, max: 32 });
    answer(limit, 4);
    expect(limit.limit).toBe(8);
    answer(limit, 100);
    expect(limit.limit).toBe(32);
  });

  it('grows by about one per round of calls after a decrease (additive increase)', () => {
    const limit = createConcurrencyLimit({ initial: 20, max: 64 });
    answer(limit, 1, { outcome: 'drop' });
    expect(limit.limit).toBe(10);
    // A round of 10 quick answers at a limit of 10 adds about one.
    answer(limit, 10);
    expect(limit.limit).toBe(10);
    answer(limit, 1);
    expect(limit.limit).toBe(11);
    answer(limit, 11);
    expect(limit.limit).toBe(12);
  });

  it('does not grow a limit that calls do not fill: an idle limit has proved nothing', () => {
    const limit = createConcurrencyLimit({ initial: 8, max: 32 });
    answer(limit, 50, { inFlight: 3 });
    expect(limit.limit).toBe(8);
    answer(limit, 1, { inFlight: 4 });
    expect(limit.limit).toBe(9);
  });

  it('halves on a drop (a timeout, a failed connection, a 429 or 5xx), down to min', () => {
    const limit = createConcurrencyLimit({ initial: 16, max: 32 });
    answer(limit, 1, { outcome: 'drop' });
    expect(limit.limit).toBe(8);
    for (let i = 0; i < 10; i += 1) answer(limit, 1, { outcome: 'drop' });
    expect(limit.limit).toBe(1);
  });

  it('decreases once per round: calls begun before the last decrease do not decrease it again', () => {
    const limit = createConcurrencyLimit({ initial: 16, max: 32 });
    // 16 calls under way when the network hangs: all of them time out.
    const begun = Array.from({ length: 16 }, () => limit.start());
    for (const started of begun) limit.record({ started, rttMs: 2_000, inFlight: 16, outcome: 'drop' });
    expect(limit.limit).toBe(8);
    // A call begun after that decrease, timing out too, decreases it again.
    answer(limit, 1, { outcome: 'drop' });
    expect(limit.limit).toBe(4);
  });

  it('backs off gently when recent answers take over twice (and 50 ms more than) the long run', () => {
    const limit = createConcurrencyLimit({ initial: 20, max: 64 });
    answer(limit, 1, { outcome: 'drop' });
    answer(limit, 100, { rttMs: 100 });
    expect(limit.limit).toBe(17);
    // One slow answer among quick ones moves the recent average too little: no decrease.
    answer(limit, 1, { rttMs: 900 });
    expect(limit.limit).toBe(17);
    // Answers at 400 ms: by the third the recent average has passed twice the long run's, and each
    // answer after it (each begun after the last decrease: one at a time here) takes a tenth off.
    answer(limit, 2, { rttMs: 400 });
    expect(limit.limit).toBe(17);
    answer(limit, 1, { rttMs: 400 });
    expect(limit.limit).toBe(15);
    answer(limit, 1, { rttMs: 400 });
    expect(limit.limit).toBe(13);
  });

  it('does not call a few ms more from a network that answers in a few ms slowness', () => {
    const limit = createConcurrencyLimit({ initial: 4, max: 64 });
    answer(limit, 1, { outcome: 'drop' });
    answer(limit, 100, { rttMs: 2 });
    expect(limit.limit).toBe(14);
    answer(limit, 20, { rttMs: 30 });
    expect(limit.limit).toBe(15);
    // 90 ms is over 2 ms + 50: slowness.
    answer(limit, 20, { rttMs: 90 });
    expect(limit.limit).toBeLessThan(10);
  });

  it('learns a new normal after about a window of answers (a network that moved farther away)', () => {
    const limit = createConcurrencyLimit({ initial: 10, max: 64, window: 100 });
    answer(limit, 1, { outcome: 'drop' });
    answer(limit, 100, { rttMs: 100 });
    expect(limit.limit).toBe(15);
    // The network now answers in 300 ms: slow against 100, so the limit shrinks…
    answer(limit, 25, { rttMs: 300 });
    expect(limit.limit).toBe(3);
    // …until the long run has moved towards 300 ms too: then it grows again, one per round.
    answer(limit, 100, { rttMs: 300 });
    expect(limit.limit).toBeGreaterThan(10);
  });

  it('ignores what says nothing of the network (the relay closing, the store failing)', () => {
    const limit = createConcurrencyLimit({ initial: 8, max: 32 });
    answer(limit, 5, { outcome: 'ignore', rttMs: 10_000 });
    expect(limit.limit).toBe(8);
  });
});
