import type { SqliteDatabase } from './open';
import { immediateTransaction } from './transaction';

const KEYS = 'affiliate_relay_keys';
const DELIVERIES = 'affiliate_relay_deliveries';
const HANDOFFS = 'affiliate_relay_handoffs';
const COLUMNS =
  'kind, key, network, state, attempts, due_at, lock_until, lock_token, owner, created_at, updated_at, record';

/**
 * Copies what an open store database holds into another store file (`target`, already opened and
 * migrated once, so its schema is there), in one transaction: every key (the dedupe of order ids
 * and clicks) and every delivery. A delivery the target already has (another process sharing the
 * file copied it first) is kept, unless this one was updated later. Resolves how many pending
 * deliveries the source held.
 *
 * Used when the store's file was deleted under a running relay: the connection still reads the
 * deleted file, and this puts its content back at the path.
 *
 * @example
 * const pending = copyStore(oldDb, '/var/lib/shop/deliveries.db');
 */
export function copyStore(source: SqliteDatabase, target: string): number {
  source.prepare('ATTACH DATABASE ? AS affiliate_relay_rescue').run(target);
  let pending: number;
  try {
    pending = immediateTransaction(source, () => {
      source.exec(`INSERT OR IGNORE INTO affiliate_relay_rescue.${KEYS} (kind, key, created_at)
  SELECT kind, key, created_at FROM main.${KEYS};
INSERT INTO affiliate_relay_rescue.${DELIVERIES} (${COLUMNS})
  SELECT ${COLUMNS} FROM main.${DELIVERIES} WHERE true ORDER BY seq
  ON CONFLICT (kind, key, network) DO UPDATE SET state = excluded.state, attempts = excluded.attempts,
    due_at = excluded.due_at, lock_until = excluded.lock_until, lock_token = excluded.lock_token,
    updated_at = excluded.updated_at, record = excluded.record
  WHERE excluded.updated_at > ${DELIVERIES}.updated_at;
INSERT OR IGNORE INTO affiliate_relay_rescue.${HANDOFFS} (id, expires_at, record)
  SELECT id, expires_at, record FROM main.${HANDOFFS};`);
      const row = source
        .prepare(`SELECT count(*) AS pending FROM main.${DELIVERIES} WHERE state = 'pending'`)
        .get();
      return Number(row?.pending ?? 0);
    });
  } catch (error) {
    // A failed DETACH must not hide why the copy failed (a full disk, say).
    try {
      source.exec('DETACH DATABASE affiliate_relay_rescue');
    } catch {
      // Let go with the connection.
    }
    throw error;
  }
  source.exec('DETACH DATABASE affiliate_relay_rescue');
  return pending;
}
