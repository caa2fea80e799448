/** The part of a `node:sqlite` database a transaction needs. */
export interface SqliteStatements {
  exec(sql: string): void;
}

/**
 * Runs `work` in a `BEGIN IMMEDIATE` transaction (the write lock taken at once: processes sharing
 * the file take turns, within the busy timeout) and commits it. On a throw it rolls back and
 * throws the first error.
 *
 * @example
 * const deleted = immediateTransaction(db, () => purge(before));
 */
export function immediateTransaction<T>(db: SqliteStatements, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    rollbackQuietly(db);
    throw error;
  }
}

/**
 * Ends a failed transaction. SQLite may have rolled it back itself (a full disk does): then the
 * ROLLBACK fails, and that failure must not hide the first error, which the caller throws.
 *
 * @example
 * catch (error) { rollbackQuietly(db); throw error; }
 */
export function rollbackQuietly(db: SqliteStatements): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // No transaction was active any more.
  }
}
