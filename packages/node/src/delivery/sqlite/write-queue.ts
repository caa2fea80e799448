/** What one write came to in a batch: its result, or its own error. */
export type WriteOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

/** Writes waiting to be done together (see {@link createWriteQueue}). */
export interface WriteQueue<Input, Result> {
  /** Queues one write; resolves once the batch holding it is written. */
  add(input: Input): Promise<Result>;
  /** Writes what is queued now (before the store closes). */
  flush(): void;
}

// The end of this turn of the event loop: after the I/O callbacks now running and their promise chains.
const afterThisTurn: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function'
    ? (run) => void globalThis.setImmediate(run)
    : (run) => void globalThis.setTimeout(run, 0);

/**
 * Group commit for a synchronous store: the writes asked for in one turn of the event loop (the beacons a busy
 * collect endpoint reads at once, the sends the worker finishes at once) are handed to `write` together at its
 * end, which writes them in one transaction and says what each came to, in order. Each resolves only after
 * that, so a caller that waits for its write still knows it is durable. A `write` that throws fails the batch.
 *
 * @example
 * const creates = createWriteQueue((batch) => inTransaction(() => batch.map(insert)));
 * const created = await creates.add([record]);
 */
export function createWriteQueue<Input, Result>(
  write: (batch: readonly Input[]) => WriteOutcome<Result>[],
): WriteQueue<Input, Result> {
  let queued: { input: Input; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  function flush(): void {
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    let outcomes: WriteOutcome<Result>[];
    try {
      outcomes = write(batch.map((item) => item.input));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome ? outcome.error : new Error('the batch gave no outcome for this write'));
    });
  }
  return {
    add(input) {
      return new Promise<Result>((resolve, reject) => {
        if (queued.length === 0) afterThisTurn(flush);
        queued.push({ input, resolve, reject });
      });
    },
    flush,
  };
}
