import type { DeliveryRecord } from './contract';

/** What one create came to in a batch: created or not (the key was there), or its own error. */
export type CreateOutcome = boolean | { error: unknown };

/** Creates waiting to be written together (see {@link createQueue}). */
export interface CreateQueue {
  /** Queues one create; resolves once the batch holding it is written. */
  add(records: readonly DeliveryRecord[]): Promise<boolean>;
  /** Writes what is queued now (before the store closes). */
  flush(): void;
}

// The end of this turn of the event loop: after the I/O callbacks now running and their promise chains.
const afterThisTurn: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function'
    ? (run) => void globalThis.setImmediate(run)
    : (run) => void globalThis.setTimeout(run, 0);

/**
 * Group commit for a synchronous store: the creates asked for in one turn of the event loop (the beacons a busy
 * collect endpoint reads at once) are handed to `write` together at its end, which writes them in one
 * transaction and says what each came to, in order. Each create resolves only after that, so an answer that
 * waits for its create still means the record is durable. A `write` that throws fails every create of the batch.
 *
 * @example
 * const creates = createQueue((batch) => inTransaction(() => batch.map(insert)));
 * const created = await creates.add([record]);
 */
export function createQueue(
  write: (batch: readonly (readonly DeliveryRecord[])[]) => CreateOutcome[],
): CreateQueue {
  let queued: {
    records: readonly DeliveryRecord[];
    resolve: (created: boolean) => void;
    reject: (error: unknown) => void;
  }[] = [];
  function flush(): void {
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    let outcomes: CreateOutcome[];
    try {
      outcomes = write(batch.map((item) => item.records));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index];
      if (typeof outcome === 'boolean') item.resolve(outcome);
      else item.reject(outcome?.error ?? new Error('the batch gave no outcome for this create'));
    });
  }
  return {
    add(records) {
      return new Promise<boolean>((resolve, reject) => {
        if (queued.length === 0) afterThisTurn(flush);
        queued.push({ records, resolve, reject });
      });
    },
    flush,
  };
}
