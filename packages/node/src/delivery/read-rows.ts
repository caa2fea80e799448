import type { StoreError } from '@affiliate-relay/core';
import type { DeliveryRecord, StoreWarning } from './contract';
import { decodeRecord, encodeRecord } from './record-format';

/** The columns both SQL stores keep, in the order of {@link toRow}. */
export const ROW_COLUMNS =
  'kind, key, network, state, attempts, due_at, lock_until, lock_token, owner, created_at, updated_at, record';

/**
 * A record as a SQL row, in the order of {@link ROW_COLUMNS}. Times become whole milliseconds, due
 * times and locks rounded up: never freed or due early.
 *
 * @example
 * insert.run(...toRow(record));
 */
export function toRow(record: DeliveryRecord): unknown[] {
  return [
    record.kind,
    record.key,
    record.network,
    record.status,
    record.attempts,
    Math.ceil(record.nextAttemptAt),
    record.lockedUntil === undefined ? null : Math.ceil(record.lockedUntil),
    record.lockToken ?? null,
    record.owner ?? null,
    Math.floor(record.createdAt),
    Math.floor(record.updatedAt),
    encodeRecord(record),
  ];
}

/**
 * The parameters of both stores' fenced update, in order: state, attempts, due_at, lock_until,
 * lock_token, updated_at, record, then the match: kind, key, network and the lock token held.
 *
 * @example
 * sql.update.run(...updateParams(record));
 */
export function updateParams(record: DeliveryRecord): unknown[] {
  const row = toRow(record);
  return [
    ...row.slice(3, 8),
    row[10],
    row[11],
    record.kind,
    record.key,
    record.network,
    record.lockToken ?? null,
  ];
}

/**
 * Rows of a SQL store back to records, in their order; the lock and `attempts` come from their
 * columns. A row that cannot be read is reported to `onUnreadable` with the StoreError naming its faulty
 * fields (claim marks it failed, so it is never sent half-understood, and warns) and left out: the
 * other rows are read as usual. Needs `loadSchemas()` first (the record's schema is zod's).
 *
 * @example
 * const records = readRows(rows, (row, error) => unreadable.push(row.seq));
 */
export function readRows(
  rows: Record<string, unknown>[],
  onUnreadable: (row: Record<string, unknown>, error: StoreError) => void,
): DeliveryRecord[] {
  const records: DeliveryRecord[] = [];
  for (const row of rows) {
    let record: DeliveryRecord;
    try {
      record = decodeRecord(String(row.record));
    } catch (error) {
      onUnreadable(row, error as StoreError);
      continue;
    }
    record.attempts = Number(row.attempts);
    if (row.lock_until !== null && row.lock_until !== undefined) record.lockedUntil = Number(row.lock_until);
    if (typeof row.lock_token === 'string') record.lockToken = row.lock_token;
    else delete record.lockToken;
    records.push(record);
  }
  return records;
}

/**
 * Claimed rows in the order they were picked (oldest due first): `UPDATE … RETURNING` keeps none.
 *
 * @example
 * readRows(byDue(rows), onUnreadable);
 */
export function byDue(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq));
}

/**
 * The warning a store gives for a row its claim marked failed because it could not be read: which delivery
 * (from the row's columns, which are intact) and what is wrong with it. The row itself is kept as it was.
 *
 * @example
 * warnings.emit(unreadableWarning(row, error));
 */
export function unreadableWarning(row: Record<string, unknown>, error: StoreError): StoreWarning {
  const which = ` (the ${String(row.kind)} ${String(row.key)} to ${String(row.network)}, row ${String(row.seq)})`;
  return {
    code: 'unreadable-record',
    message: `${error.message}${which}: it is marked failed and not sent; the other deliveries go on as usual`,
  };
}

/**
 * The rows of `SELECT network, state, count(*) … GROUP BY network, state` (pending and failed only) as
 * `DeliveryStore.countByNetwork` resolves them, for the SQL stores.
 *
 * @example
 * countsByNetwork([{ network: 'aflite', state: 'failed', count: 2 }]); // { aflite: { pending: 0, failed: 2 } }
 */
export function countsByNetwork(
  rows: readonly Record<string, unknown>[],
): Record<string, { pending: number; failed: number }> {
  const counts: Record<string, { pending: number; failed: number }> = {};
  for (const row of rows) {
    const id = String(row.network);
    counts[id] ??= { pending: 0, failed: 0 };
    counts[id][row.state === 'failed' ? 'failed' : 'pending'] = Number(row.count);
  }
  return counts;
}
