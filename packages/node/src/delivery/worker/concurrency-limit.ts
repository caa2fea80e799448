/*
 * How many click calls a network gets at once, learnt from its answers: additive increase while it
 * answers quickly, multiplicative decrease when it slows, times out or fails (AIMD, as Netflix's
 * concurrency-limits `AIMDLimit`, with the gradient of its `Gradient2Limit` as the measure of
 * "slows": the recent round trip, smoothed over a few answers, against the long-run one). Pure: the
 * caller feeds it samples; no timer, no clock of its own.
 */

/** What one finished call tells the limit. */
export interface LimitSample {
  /** What {@link ConcurrencyLimit.start} returned when the call began. */
  started: number;
  /** How long the call took, in ms. */
  rttMs: number;
  /** Calls in flight when it began, itself included. */
  inFlight: number;
  /**
   * `ok`: the network answered (whatever it said of the click itself). `drop`: it timed out, the
   * connection failed, or it answered 429 or 5xx: it is overloaded. `ignore`: says nothing of its load
   * (the relay closing, the store failing).
   */
  outcome: 'ok' | 'drop' | 'ignore';
}

/** Options of {@link createConcurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** The limit before any answer came. */
  initial: number;
  /** The most calls at once: the limit never grows past it. */
  max: number;
  /** The fewest. Default: 1. */
  min?: number;
  /**
   * The recent round trip (smoothed over about 10 answers) longer than this many times the long-run
   * one (smoothed over about `window` answers) counts as slowness, when it is also `slackMs` longer
   * (a few ms more from a network that answers in a few is not a queue). Default: 2.
   */
  tolerance?: number;
  /** See `tolerance`. Default: 50. */
  slackMs?: number;
  /** The factor of a decrease after a drop. Default: 0.5. */
  dropFactor?: number;
  /** The factor of a decrease after a slow answer. Default: 0.9. */
  slowFactor?: number;
  /** Answers the long-run round trip is smoothed over: how soon a network that moved farther away is the new normal. Default: 500. */
  window?: number;
}

/** A limit that moves with the answers it is told about. */
export interface ConcurrencyLimit {
  /** Calls allowed at once now: a whole number within min and max. */
  readonly limit: number;
  /** Call when a call begins; give what it returns back in its sample. */
  start(): number;
  /** Tells the limit how a call went, and moves it. */
  record(sample: LimitSample): void;
}

/**
 * @example
 * const clicks = createConcurrencyLimit({ initial: 4, max: 32 });
 * const started = clicks.start();
 * // … the call …
 * clicks.record({ started, rttMs: 104, inFlight: 5, outcome: 'ok' });
 */
export function createConcurrencyLimit(options: ConcurrencyLimitOptions): ConcurrencyLimit {
  const min = Math.max(1, Math.floor(options.min ?? 1));
  const max = Math.max(min, Math.floor(options.max));
  const tolerance = options.tolerance ?? 2;
  const slackMs = options.slackMs ?? 50;
  const dropFactor = options.dropFactor ?? 0.5;
  const slowFactor = options.slowFactor ?? 0.9;
  const window = options.window ?? 500;
  let value = clamp(options.initial, min, max);
  // Until the first decrease the limit doubles each round trip (one more per quick answer), as
  // TCP's slow start: a surge of clicks finds its level in a few round trips, not dozens.
  let slowStart = true;
  let calls = 0;
  // Calls begun before the last decrease were sent under the higher limit: their slowness or
  // failure is that limit's, already paid for. One decrease per round of calls, not one per call.
  let decreasedAt = 0;
  // Exponentially weighted averages of the round trip: recent (about 10 answers) and long-run.
  let recent = Number.NaN;
  let longRun = Number.NaN;
  let answers = 0;

  function decrease(factor: number, started: number): void {
    slowStart = false;
    if (started <= decreasedAt) return;
    value = clamp(Math.floor(value * factor), min, max);
    decreasedAt = calls;
  }

  return {
    get limit() {
      return Math.floor(value);
    },
    start() {
      calls += 1;
      return calls;
    },
    record({ started, rttMs, inFlight, outcome }) {
      if (outcome === 'ignore' || !Number.isFinite(rttMs)) return;
      if (outcome === 'drop') return decrease(dropFactor, started);
      // Running means at first, then exponentially weighted over about 10 and `window` answers.
      answers += 1;
      recent = Number.isNaN(recent) ? rttMs : recent + (rttMs - recent) / Math.min(10, answers);
      longRun = Number.isNaN(longRun) ? rttMs : longRun + (rttMs - longRun) / Math.min(window, answers);
      if (recent > Math.max(longRun * tolerance, longRun + slackMs)) return decrease(slowFactor, started);
      // A limit that is not being used has proved nothing: it grows only while calls fill half of it.
      if (inFlight * 2 < Math.floor(value)) return;
      value = clamp(value + (slowStart ? 1 : 1 / value), min, max);
    },
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
