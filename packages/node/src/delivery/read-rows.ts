import type { DeliveryRecord } from './contract';
import { decodeRecord } from './record-format';

/**
 * Rows of a SQL store back to records, in their order; the lock and `attempts` come from their
 * columns. A row that cannot be read is reported to `onUnreadable` (claim marks it failed, so it is
 * never sent half-understood) and left out.
 *
 * @example
 * const records = readRows(rows, (seq) => unreadable.push(seq));
 */
export function readRows(
  rows: Record<string, unknown>[],
  onUnreadable: (seq: unknown) => void,
): DeliveryRecord[] {
  const records: DeliveryRecord[] = [];
  for (const row of rows) {
    let record: DeliveryRecord;
    try {
      record = decodeRecord(String(row.record));
    } catch {
      onUnreadable(row.seq);
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
