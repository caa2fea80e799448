import { StoreError } from '@affiliate-relay/core';
import type { HandoffRecord } from './contract';

/**
 * A stored hand-off read back from its `record` column (JSON text, or an object from PostgreSQL's
 * jsonb). Throws a StoreError when the row is not a hand-off: a damaged row credits nothing.
 *
 * @example
 * const handoff = readHandoffRow(row.record);
 */
export function readHandoffRow(value: unknown): HandoffRecord {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  const record = parsed as Partial<HandoffRecord> | undefined;
  const attribution = record?.attribution;
  if (
    typeof record?.id !== 'string' ||
    typeof record.createdAt !== 'number' ||
    typeof record.expiresAt !== 'number' ||
    typeof attribution !== 'object' ||
    attribution === null ||
    !Array.isArray(attribution.touches) ||
    typeof attribution.source !== 'string'
  ) {
    throw new StoreError(
      'A stored hand-off cannot be read (its record is damaged): nothing is credited from it',
    );
  }
  return record as HandoffRecord;
}
