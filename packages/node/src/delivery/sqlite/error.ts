import { isAffiliateRelayError, StoreError } from '@affiliate-relay/core';

// SQLite's primary result codes (the low byte of an extended one) whose own words mislead an operator.
const REASONS: Record<number, string> = {
  8: 'the file is read-only (SQLITE_READONLY): the relay needs to write it',
  13: 'the disk is full (SQLITE_FULL): nothing was stored; free space where the store file is',
  11: 'the file is corrupt (SQLITE_CORRUPT)',
  26: 'the file is not a SQLite database (SQLITE_NOTADB)',
};

/**
 * A SQLite failure as a {@link StoreError} (code `store_error`), naming the operation and SQLite's
 * reason in an operator's words (`SQLITE_FULL`: "the disk is full"). The file path stays out of
 * it (it can name a user's home folder in a shop's logs).
 *
 * @example
 * throw sqliteStoreError('claim', error); // "SQLite delivery store: claim failed: database is locked"
 */
export function sqliteStoreError(operation: string, error: unknown): StoreError {
  if (isAffiliateRelayError(error) && error.code === 'store_error') return error as StoreError;
  const message = error instanceof Error ? error.message : String(error);
  const errcode = (error as { errcode?: unknown } | null)?.errcode;
  const known = typeof errcode === 'number' ? REASONS[errcode & 0xff] : undefined;
  return new StoreError(
    `SQLite delivery store: ${operation} failed: ${known ?? message.replace(/(['"])\/[^'"]*\1/g, '[path]')}`,
  );
}

/**
 * The file or its folder could not be created or opened: a StoreError that names the folder and
 * `AFFILIATE_RELAY_DB`, since that is what the operator changes (a read-only working directory in
 * a container is the usual case).
 *
 * @example
 * throw sqliteOpenError('/app/.affiliate-relay', error);
 */
export function sqliteOpenError(folder: string, error: unknown): StoreError {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  const denied = ['EACCES', 'EROFS', 'EPERM'].includes(String(code)) || errcode === 14 || errcode === 8;
  if (!denied) return sqliteStoreError('open', error);
  return new StoreError(
    `SQLite delivery store: open failed: cannot write in the folder ${folder} (${typeof code === 'string' && code.startsWith('E') ? code : 'read-only or missing'}): set AFFILIATE_RELAY_DB to a file in a writable folder (a mounted volume), or pass createRelay a store`,
  );
}
