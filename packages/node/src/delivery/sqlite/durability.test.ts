import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreError } from '@affiliate-relay/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreWarning } from '../contract';
import { record } from '../store-records.contract';
import { ephemeralFilesystem } from './ephemeral-path';
import { SQLITE_SCHEMA_VERSION } from './migrations';
import { createSqliteStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'ar-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newPath = () => join(dir, `db-${++files}`, 'deliveries.db');

describe('SQLite store durability', () => {
  it('records its schema version in the file, and refuses a file from a newer release', async () => {
    const path = newPath();
    await createSqliteStore({ path }).close?.();
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SQLITE_SCHEMA_VERSION });
    db.exec(`PRAGMA user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(StoreError);
    expect(() => createSqliteStore({ path })).toThrow(/newer than this release/);
  });

  it('upgrades a version 1 file (the first outbox) to version 2: its deliveries kept, hand-offs kept from then on', async () => {
    const path = newPath();
    const first = createSqliteStore({ path });
    expect(await first.create([record('old-1')])).toBe(true);
    await first.close?.();
    // Back to what version 1 wrote: no hand-off table, user_version 1.
    const db = new DatabaseSync(path);
    db.exec('DROP TABLE affiliate_relay_handoffs; PRAGMA user_version = 1');
    db.close();
    const upgraded = createSqliteStore({ path });
    expect(await upgraded.list('order', 'old-1')).toHaveLength(1);
    expect(await upgraded.create([record('old-1')])).toBe(false);
    const handoff = {
      id: 'h-1',
      attribution: { touches: [], source: 'none' },
      createdAt: 1000,
      expiresAt: 9000,
    };
    await upgraded.saveHandoff?.(handoff);
    expect(await upgraded.readHandoff?.('h-1')).toEqual(handoff);
    await upgraded.close?.();
    const check = new DatabaseSync(path);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    check.close();
  });

  it('puts back what it held when its file is deleted (with -wal and -shm), and acknowledges only what is at the path', async () => {
    const path = newPath();
    const store = createSqliteStore({ path });
    const warnings: StoreWarning[] = [];
    store.onWarning?.((warning) => warnings.push(warning));
    expect(await store.create([record('before')])).toBe(true);
    await store.saveHandoff?.({
      id: 'h-before',
      attribution: { touches: [], source: 'none' },
      createdAt: 1,
      expiresAt: 2,
    });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    expect(await store.create([record('after')])).toBe(true);
    // Acknowledged means readable at the path by another connection (a restart).
    const reader = new DatabaseSync(path);
    const keys = reader.prepare('SELECT key FROM affiliate_relay_keys ORDER BY key').all();
    reader.close();
    expect(keys.map((row) => row.key)).toEqual(['after', 'before']);
    expect(warnings.map((warning) => warning.code)).toEqual(['store-file-replaced']);
    await store.close?.();
    const restarted = createSqliteStore({ path });
    expect((await restarted.stats()).pending).toBe(2);
    expect(await restarted.create([record('before')])).toBe(false);
    expect(await restarted.readHandoff?.('h-before')).toMatchObject({ id: 'h-before' });
    await restarted.close?.();
  });

  it('tells a path on tmpfs (/dev/shm) once, at open', async () => {
    const shm = mkdtempSync('/dev/shm/ar-durable-');
    try {
      expect(ephemeralFilesystem(shm)).toBe('tmpfs');
      const store = createSqliteStore({ path: join(shm, 'deliveries.db') });
      const warnings: StoreWarning[] = [];
      store.onWarning?.((warning) => warnings.push(warning));
      expect(warnings.map((warning) => warning.code)).toEqual(['ephemeral-store']);
      expect(warnings[0]!.message).toMatch(/AFFILIATE_RELAY_DB/);
      await store.close?.();
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it('names no ephemeral filesystem for a folder on a disk', () => {
    const table = '26 1 254:0 / / rw - ext4 /dev/vda rw\n29 26 0:26 / /dev/shm rw - tmpfs tmpfs rw';
    expect(ephemeralFilesystem('/', table)).toBeUndefined();
  });
});
