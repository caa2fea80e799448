/*
 * What the demo saw happen besides the fakes' own recordings: the relay's log events and the
 * beacons the browser sent. The QA console merges it with the fakes' requests into one timeline.
 * Relay events arrive already redacted (the SDK redacts before any logger sees them).
 */

export interface BeaconEntry {
  kind: 'beacon';
  at: number;
  status: number;
  /** The beacon as the browser sent it (JSON parsed when it is JSON). */
  body: unknown;
  /** The relay's answer body, when it gave one (a refusal's reason). */
  response: unknown;
}

export interface RelayEventEntry {
  kind: 'relay';
  at: number;
  event: { type: string; network?: string } & Record<string, unknown>;
}

export type ActivityEntry = BeaconEntry | RelayEventEntry;

const MAX_ENTRIES = 500;

export class ActivityLog {
  #entries: ActivityEntry[] = [];
  #listeners = new Set<() => void>();

  add(entry: ActivityEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > MAX_ENTRIES) this.#entries.splice(0, this.#entries.length - MAX_ENTRIES);
    this.changed();
  }

  /** For the relay's `logger` option. */
  readonly logger = (event: unknown): void => {
    if (typeof event !== 'object' || event === null || !('type' in event)) return;
    this.add({ kind: 'relay', at: Date.now(), event: toPlain(event) as RelayEventEntry['event'] });
  };

  entries(): readonly ActivityEntry[] {
    return this.#entries;
  }

  /** Tells live views (Server-Sent Events) that something happened. */
  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#entries = [];
    this.changed();
  }
}

/** Errors become `{ name, message, code, status }`, so that an event survives JSON. */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (value instanceof Error) {
    const extra = value as Error & { code?: unknown; status?: unknown };
    return {
      name: value.name,
      message: value.message,
      ...(extra.code !== undefined ? { code: extra.code } : {}),
      ...(extra.status !== undefined ? { status: extra.status } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => toPlain(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item, depth + 1)]));
  }
  return value;
}
