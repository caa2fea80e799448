import { isAffiliateRelayError, StoreError } from '@affiliate-relay/core';

// SQLSTATEs of a table or schema that does not exist: the migration has not run.
const MISSING_OBJECT = new Set(['42P01', '3F000']);

/**
 * A database failure as a {@link StoreError} (code `store_error`). Its message keeps the
 * driver's reason and SQLSTATE, without any connection string or password in it, and the original
 * error is NOT kept as `cause`: a driver error may carry the connection settings (Node's URL error
 * keeps its whole `input`), and relay events pass this error on to the shop's logger.
 *
 * @example
 * throw postgresStoreError('claim', error); // "PostgreSQL delivery store: claim failed: connect ECONNREFUSED 127.0.0.1:5432"
 */
export function postgresStoreError(operation: string, error: unknown): StoreError {
  if (isAffiliateRelayError(error) && error.code === 'store_error') return error as StoreError;
  const { message, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    code?: unknown;
  };
  const reason = redact(typeof message === 'string' && message ? message : String(error));
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const hint = sqlState && MISSING_OBJECT.has(sqlState) ? '; has store.migrate() run?' : '';
  return new StoreError(
    `PostgreSQL delivery store: ${operation} failed: ${reason}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}${hint}`,
  );
}

function redact(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '[url]')
    .replace(/\b(password|passwd|pwd)\s*=\s*\S+/gi, '$1=[redacted]');
}
