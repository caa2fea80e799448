import type { StoreWarning } from './contract';

/** A store's side of {@link DeliveryStore.onWarning}. */
export interface StoreWarnings {
  /** Tells the listener, or keeps the warning until there is one. */
  emit(warning: StoreWarning): void;
  /** The store's `onWarning`. */
  listen(listener: (warning: StoreWarning) => void): void;
}

/**
 * Warnings a store says before anyone listens (at open, inside `createRelay`'s own call) are kept
 * and given to the listener when it comes; a listener that throws never fails the store.
 *
 * @example
 * const warnings = createStoreWarnings();
 * warnings.emit({ code: 'ephemeral-store', message });
 * return { …, onWarning: warnings.listen };
 */
export function createStoreWarnings(): StoreWarnings {
  let listener: ((warning: StoreWarning) => void) | undefined;
  const kept: StoreWarning[] = [];
  const tell = (warning: StoreWarning) => {
    try {
      listener?.(warning);
    } catch {
      // A logger's failure is not the store's.
    }
  };
  return {
    emit(warning) {
      if (listener) tell(warning);
      else kept.push(warning);
    },
    listen(next) {
      listener = next;
      for (const warning of kept.splice(0)) tell(warning);
    },
  };
}
