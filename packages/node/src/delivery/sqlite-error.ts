import { isAffiliateRelayError, StoreError } from '@affiliate-relay/core';

/**
 * A SQLite failure as a {@link StoreError} (code `store_error`), naming the operation and SQLite's
 * reason. The file path stays out of it (it can name a user's home folder in a shop's logs).
 *
 * @example
 * throw sqliteStoreError('claim', error); // "SQLite delivery store: claim failed: database is locked"
 */
export function sqliteStoreError(operation: string, error: unknown): StoreError {
  if (isAffiliateRelayError(error) && error.code === 'store_error') return error as StoreError;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(
    `SQLite delivery store: ${operation} failed: ${message.replace(/(['"])\/[^'"]*\1/g, '[path]')}`,
  );
}
