/** Work the relay does after it has answered (AvantLink's click call), and waits for in `flush()`. */
export interface BackgroundTasks {
  /** Starts `task` now; its failure is the task's own business (it must not reject). */
  run(task: () => Promise<void>, waitUntil?: ((promise: Promise<unknown>) => void) | undefined): void;
  /** Resolves when every task started so far, and any they started, has finished. */
  settled(): Promise<void>;
  /** Tasks still running. */
  readonly size: number;
}

/**
 * @example
 * const tasks = createBackgroundTasks();
 * tasks.run(() => sendClick(), context.waitUntil);
 * await tasks.settled();
 */
export function createBackgroundTasks(): BackgroundTasks {
  const running = new Set<Promise<void>>();
  return {
    run(task, waitUntil) {
      const promise: Promise<void> = Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .finally(() => running.delete(promise));
      running.add(promise);
      try {
        waitUntil?.(promise);
      } catch {
        // A platform hook that throws must not turn a 204 into a failure.
      }
    },
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
    },
    get size() {
      return running.size;
    },
  };
}
