import { StoreError } from '@affiliate-relay/core';
import type { DeliveryRecord } from './contract';
import { checkStoredRecord } from './record-schema';

/*
 * How a delivery is written to a store and read back. A stored record carries `version`; the reader
 * accepts every version this major has written and upgrades it, so deliveries recorded by one release
 * are still sent by the next. A store keeps the lock (`lockedUntil`, `lockToken`) in columns of its
 * own, outside this JSON.
 *
 * - version 1 (0.0.x, no `version` field): an order's delivery keyed by `orderId`; `attempts` counted
 *   attempts finished. Read as kind `order`, and one attempt more, since one may have been under way.
 * - version 2: `kind` and `key`; `attempts` counts attempts started. Kind `reversal` (and its
 *   `sendingSince`) came later within version 2: a reader before it marks such a row unreadable.
 *   Kind `decision` and the optional `log`, `decision` and `redeliveredAt` fields came later still
 *   (issue 23): a reader before them skips a decision row in `list` (never claimed: it is `sent`) and
 *   ignores the fields.
 */

/** The version `encodeRecord` writes. */
export const RECORD_VERSION = 2;

/**
 * A record as stored JSON (without its lock).
 *
 * @example
 * db.run('INSERT … VALUES (?)', encodeRecord(record));
 */
export function encodeRecord(record: DeliveryRecord): string {
  const { lockedUntil: _until, lockToken: _token, ...stored } = record;
  return JSON.stringify({ version: RECORD_VERSION, ...stored });
}

/**
 * A stored record read back, from any version this major wrote, checked by its schema (record-schema.ts:
 * unknown fields pass through untouched). Throws a StoreError naming each field that is wrong when the JSON is not
 * a record (a store marks such a row failed rather than send it, and says so). Needs `loadSchemas()` first.
 *
 * @example
 * const record = decodeRecord(row.record);
 */
export function decodeRecord(json: string): DeliveryRecord {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw unreadable('it is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw unreadable('not an object');
  const stored = value as Record<string, unknown>;
  const version = stored.version ?? 1;
  if (version === 1) return checkStoredRecord(fromVersion1(stored));
  if (version === 2) {
    const { version: _version, ...record } = stored;
    return checkStoredRecord(record);
  }
  throw unreadable(`version ${String(version)} is newer than this release reads: upgrade the package`);
}

function fromVersion1(stored: Record<string, unknown>): Record<string, unknown> {
  const { orderId, attempts, ...rest } = stored;
  return {
    ...rest,
    kind: 'order',
    key: orderId,
    // Version 1 counted finished attempts; a pending one may have had another under way.
    attempts: typeof attempts === 'number' ? attempts + (rest.status === 'pending' ? 1 : 0) : attempts,
  };
}

function unreadable(reason: string): StoreError {
  return new StoreError(`A stored delivery cannot be read: ${reason}`);
}
