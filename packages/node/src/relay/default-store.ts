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
    events.emit({ type: 'warning', code: 'memory-store', message: memoryStoreMessage(nodeVersion()) });
    return createMemoryStore();
  }
  const configured = process.env?.AFFILIATE_RELAY_DB;
  const path = configured || `${process.cwd().replace(/[\\/]+$/, '')}/${DEFAULT_DB_PATH}`;
  return createSqliteStore({ path });
}

// The oldest Node whose node:sqlite the store uses (package.json `engines`).
const SUPPORTED_NODE = [22, 13] as const;

/**
 * What the `memory-store` warning says: on a Node older than the supported 22.13, that it is too old
 * (the likely cause), else that this runtime has no `node:sqlite`.
 *
 * @example
 * memoryStoreMessage('20.18.0'); // 'Node 20.18.0 is older than the supported 22.13: …'
 */
export function memoryStoreMessage(version: string | undefined): string {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  const [wantMajor, wantMinor] = SUPPORTED_NODE;
  const old = version !== undefined && (major < wantMajor || (major === wantMajor && minor < wantMinor));
  if (!old) return WARNING_MESSAGES['memory-store'];
  return `Node ${version} is older than the supported ${wantMajor}.${wantMinor}, which has node:sqlite: deliveries are kept in memory and do not survive a restart. Upgrade Node (or pass a store: createPostgresStore, or your own)`;
}

function nodeVersion(): string | undefined {
  return (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
}
