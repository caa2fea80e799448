import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConfigError, StoreError } from '@affiliate-relay/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreContract } from '../../store';
import type { DeliveryRecord, StoreWarning } from '../contract';
import { avantlinkRecord, record, reversalRecord } from '../store-records.contract';
import { createSqliteStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ar-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newPath = () => join(dir, `sub-${++files}`, 'deliveries.db');

const test = { describe, it, expect };
runStoreContract(() => createSqliteStore({ path: newPath() }), test, { name: 'SQLite store (file)' });
runStoreContract(() => createSqliteStore({ path: ':memory:' }), test, { name: 'SQLite store (:memory:)' });

describe('createSqliteStore', () => {
  it('keeps its records in the file, creating its folder, and they survive a new store (a restart)', async () => {
    const path = newPath();
    const before = createSqliteStore({ path });
    await before.create([avantlinkRecord('o-1', { lockedUntil: 5000, lockToken: 't' })]);
    await before.close?.();
    const after = createSqliteStore({ path });
    expect(await after.list('order', 'o-1')).toEqual([
      avantlinkRecord('o-1', { lockedUntil: 5000, lockToken: 't' }),
    ]);
    expect(await after.create([record('o-1')])).toBe(false);
    await after.close?.();
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
  });

  it('records nothing of a key whose create fails halfway (one transaction)', async () => {
    const store = createSqliteStore({ path: ':memory:' });
    // Two records of one network break the (kind, key, network) key on the second row.
    await expect(store.create([record('o-1'), record('o-1')])).rejects.toBeInstanceOf(StoreError);
    expect(await store.list('order', 'o-1')).toEqual([]);
    expect(await store.create([record('o-1')])).toBe(true);
  });

  it('writes the creates of one turn together, and a create that fails there fails alone', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    const results = await Promise.allSettled([
      store.create([record('o-1')]),
      // Breaks the (kind, key, network) key on its second row: rolled back alone, key included.
      store.create([record('o-2'), record('o-2')]),
      store.create([avantlinkRecord('o-3'), record('o-3')]),
      store.create([record('o-1')]),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.constructor))).toEqual([
      true,
      StoreError,
      true,
      false,
    ]);
    // Resolved means committed: another connection (a restart) reads them.
    const other = createSqliteStore({ path });
    expect((await other.list('order', 'o-1')).map((r) => r.network)).toEqual(['aflite']);
    expect(await other.list('order', 'o-2')).toEqual([]);
    expect((await other.list('order', 'o-3')).map((r) => r.network)).toEqual(['avantlink', 'aflite']);
    expect(await other.create([record('o-2')])).toBe(true);
    await other.close?.();
    await store.close?.();
  });

  it('writes the updates of one turn together, each fenced by its own lock token', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    for (const key of ['o-1', 'o-2', 'o-3']) await store.create([record(key)]);
    const held = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't-1', limit: 3 });
    expect(held).toHaveLength(3);
    const [one, two, three] = held as [DeliveryRecord, DeliveryRecord, DeliveryRecord];
    const results = await Promise.all([
      store.update({ ...one, status: 'sent', updatedAt: 3000 }),
      // A lock this store does not hold: refused, and the others still written.
      store.update({ ...two, status: 'sent', updatedAt: 3000, lockToken: 'lost' }),
      store.update({ ...three, status: 'failed', updatedAt: 3000 }),
    ]);
    expect(results).toEqual([true, false, true]);
    const other = createSqliteStore({ path });
    const statuses = async (key: string) => (await other.list('order', key)).map((r) => r.status);
    expect([await statuses('o-1'), await statuses('o-2'), await statuses('o-3')]).toEqual([
      ['sent'],
      ['pending'],
      ['failed'],
    ]);
    await other.close?.();
    await store.close?.();
  });

  it('writes the creates asked for before close() before it closes', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    const created = store.create([record('o-1')]);
    await store.close?.();
    expect(await created).toBe(true);
    await expect(store.create([record('o-2')])).rejects.toBeInstanceOf(StoreError);
    const after = createSqliteStore({ path });
    expect(await after.list('order', 'o-1')).toHaveLength(1);
    await after.close?.();
  });

  it('shares one file between two stores (two processes): each delivery is claimed once', async () => {
    const path = newPath();
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    for (let i = 0; i < 20; i += 1) await (i % 2 ? a : b).create([record(`o-${i}`)]);
    expect(await b.create([record('o-3')])).toBe(false);
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? a : b).claim({ now: 2000, lockUntil: 9000, lockToken: `t-${i}`, limit: 3 }),
      ),
    );
    const keys = claims.flat().map((r) => r.key);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    await a.close?.();
    await b.close?.();
  });

  it('marks a stored record it cannot read as failed, and never hands it out', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    await store.create([record('o-1')]);
    await store.create([record('o-2')]);
    const db = new DatabaseSync(path);
    db.prepare("UPDATE affiliate_relay_deliveries SET record = '{\"version\":99}' WHERE key = 'o-1'").run();
    db.close();
    const claimed = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't', limit: 10 });
    expect(claimed.map((r) => r.key)).toEqual(['o-2']);
    expect(await store.stats()).toMatchObject({ pending: 1, failed: 1 });
    await store.close?.();
  });

  it('names the field of a hand-corrupted record in a warning, marks only that row failed, and loses nothing', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    const warnings: StoreWarning[] = [];
    store.onWarning?.((warning) => warnings.push(warning));
    await store.create([record('o-1')]);
    await store.create([reversalRecord('o-2#1')]);
    await store.create([record('o-3')]);
    const db = new DatabaseSync(path);
    // An operator's hand edit drops the reversal's id.
    db.prepare(
      "UPDATE affiliate_relay_deliveries SET record = json_remove(record, '$.request.reversalId') WHERE key = 'o-2#1'",
    ).run();
    const corrupted = db.prepare("SELECT record FROM affiliate_relay_deliveries WHERE key = 'o-2#1'").get();
    const claimed = await store.claim({ now: 2000, lockUntil: 9000, lockToken: 't', limit: 10 });
    expect(claimed.map((r) => r.key)).toEqual(['o-1', 'o-3']);
    expect(warnings).toEqual([
      {
        code: 'unreadable-record',
        message: expect.stringMatching(
          /^A stored delivery cannot be read: request\.reversalId is missing \(the reversal o-2#1 to avantlink, row \d+\): it is marked failed/,
        ),
      },
    ]);
    // The row is kept as it was, only marked failed; the list skips it without failing.
    const row = db.prepare("SELECT state, record FROM affiliate_relay_deliveries WHERE key = 'o-2#1'").get();
    expect(row).toEqual({ state: 'failed', record: corrupted?.record });
    db.close();
    expect(await store.list('reversal', 'o-2#1')).toEqual([]);
    expect(await store.list('order', 'o-3')).toHaveLength(1);
    expect(await store.stats()).toMatchObject({ pending: 2, failed: 1 });
    await store.close?.();
  });

  it('refuses bad options and reports a closed store as a StoreError without its path', async () => {
    expect(() => createSqliteStore({ path: '' })).toThrow(ConfigError);
    expect(() => createSqliteStore({ path: ':memory:', synchronous: 'OFF' as 'FULL' })).toThrow(ConfigError);
    expect(() => createSqliteStore({ path: ':memory:', busyTimeoutMs: -1 })).toThrow(ConfigError);
    const path = newPath();
    const store = createSqliteStore({ path });
    await store.close?.();
    await expect(store.list('order', 'o-1')).rejects.toThrow(
      /SQLite delivery store: list failed: the store is closed/,
    );
    // A folder that cannot be made (the database file is in the way).
    let opened: unknown;
    try {
      createSqliteStore({ path: join(path, 'inside-a-file.db') });
    } catch (error) {
      opened = error;
    }
    expect(opened).toBeInstanceOf(StoreError);
    expect(String((opened as Error).message)).toMatch(/SQLite delivery store: open failed: E[A-Z]+: /);
    expect(String((opened as Error).message)).not.toContain(dir);
  });
});
