import type { EventEmitter } from '../http/events';
import type { DeliveryStore } from './contract';
import { createMemoryStore } from './memory-store';
import { loadBuiltin } from './runtime';
import { createSqliteStore } from './sqlite-store';

/** Where the default store's file goes, under the working directory, without `AFFILIATE_RELAY_DB`. */
export const DEFAULT_DB_PATH = '.affiliate-relay/deliveries.db';

/**
 * The store `createRelay` uses when given none: on Node, a SQLite file at
 * `process.env.AFFILIATE_RELAY_DB`, else `.affiliate-relay/deliveries.db` under the working
 * directory; where `node:sqlite` is missing (Workers, browsers' test runners), memory, said once
 * with a `store` event, since nothing then survives a restart.
 *
 * @example
 * const store = defaultStore(events);
 */
export function defaultStore(events: EventEmitter): DeliveryStore {
  const process = (
    globalThis as { process?: { env?: Record<string, string | undefined>; cwd?: () => string } }
  ).process;
  if (!loadBuiltin('node:sqlite') || typeof process?.cwd !== 'function') {
    events.emit({
      type: 'store',
      store: 'memory',
      durable: false,
      message:
        'node:sqlite is not available here: deliveries are kept in memory and do not survive a restart (pass a store: createPostgresStore, or your own)',
    });
    return createMemoryStore();
  }
  const configured = process.env?.AFFILIATE_RELAY_DB;
  const path = configured || `${process.cwd().replace(/[\\/]+$/, '')}/${DEFAULT_DB_PATH}`;
  return createSqliteStore({ path });
}
