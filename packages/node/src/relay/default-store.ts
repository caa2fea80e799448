import type { DeliveryStore } from '../delivery/contract';
import { createMemoryStore } from '../delivery/memory-store';
import { createSqliteStore } from '../delivery/sqlite/store';
import type { EventEmitter } from '../http/events';
import { loadBuiltin } from '../runtime';
import type { RelayEvent } from './events';
import { WARNING_MESSAGES } from './warnings';

/** Where the default store's file goes, under the working directory, without `AFFILIATE_RELAY_DB`. */
export const DEFAULT_DB_PATH = '.affiliate-relay/deliveries.db';

/**
 * The store `createRelay` uses when given none: on Node, a SQLite file at
 * `process.env.AFFILIATE_RELAY_DB`, else `.affiliate-relay/deliveries.db` under the working
 * directory; where `node:sqlite` is missing (Workers), memory, said once with a `warning` event
 * (`memory-store`), since nothing then survives a restart.
 *
 * @example
 * const store = defaultStore(events);
 */
export function defaultStore(events: EventEmitter<RelayEvent>): DeliveryStore {
  const process = (
    globalThis as { process?: { env?: Record<string, string | undefined>; cwd?: () => string } }
  ).process;
  if (!loadBuiltin('node:sqlite') || typeof process?.cwd !== 'function') {
    events.emit({ type: 'warning', code: 'memory-store', message: WARNING_MESSAGES['memory-store'] });
    return createMemoryStore();
  }
  const configured = process.env?.AFFILIATE_RELAY_DB;
  const path = configured || `${process.cwd().replace(/[\\/]+$/, '')}/${DEFAULT_DB_PATH}`;
  return createSqliteStore({ path });
}
