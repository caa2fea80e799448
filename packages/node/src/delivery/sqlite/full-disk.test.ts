import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '@affiliate-relay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStore, StoreWarning } from '../contract';
import { record } from '../store-records.contract';
import { createSqliteStore } from './store';

/*
 * A real full disk: a 1 MiB tmpfs mounted for this file (mounting needs root, as CI's tests run;
 * elsewhere the file is skipped and says why). The store is filled until SQLite can write no more.
 */

const isRoot = process.getuid?.() === 0;
if (!isRoot) {
  console.warn(
    'full-disk.test.ts skipped: mounting the 1 MiB tmpfs needs root (CI runs the tests as root, so it runs there)',
  );
}

let dir = '';
beforeAll(() => {
  if (!isRoot) return;
  dir = mkdtempSync(join(tmpdir(), 'ar-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
});
afterAll(() => {
  if (!dir) return;
  execFileSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
});

// A delivery of about 20 kB: some fifty fill the disk.
const big = (key: string) =>
  record(key, {
    request: { clickSessionId: 'abc123', goalId: '7', merchantRef: key, value: 10, note: key.repeat(2_000) },
  } as never);

async function fill(
  store: DeliveryStore,
  prefix: string,
): Promise<{ acknowledged: string[]; error: unknown }> {
  const acknowledged: string[] = [];
  for (let i = 0; i < 500; i++) {
    const key = `${prefix}-${String(i).padStart(3, '0')}`;
    try {
      await store.create([big(key)]);
      acknowledged.push(key);
    } catch (error) {
      return { acknowledged, error };
    }
  }
  return { acknowledged, error: undefined };
}

describe.skipIf(!isRoot)('SQLite store on a 1 MiB tmpfs', () => {
  it('warns at open that the tmpfs path does not survive a reboot', async () => {
    const store = createSqliteStore({ path: join(dir, 'warned.db') });
    const warnings: StoreWarning[] = [];
    store.onWarning?.((warning) => warnings.push(warning));
    expect(warnings).toEqual([
      {
        code: 'ephemeral-store',
        message: expect.stringMatching(/on tmpfs .*AFFILIATE_RELAY_DB/),
      },
    ]);
    await store.close?.();
    rmSync(join(dir, 'warned.db'), { force: true });
  });

  it('says the disk is full, recovers once space is freed, and loses nothing it acknowledged', async () => {
    const path = join(dir, 'deliveries.db');
    // Room taken by something else on the disk, freed later by the operator.
    const ballast = join(dir, 'ballast');
    writeFileSync(ballast, Buffer.alloc(256 * 1024));
    const store = createSqliteStore({ path });

    const full = await fill(store, 'a');
    expect(full.acknowledged.length).toBeGreaterThan(5);
    expect(full.error).toBeInstanceOf(StoreError);
    expect((full.error as Error).message).toMatch(/the disk is full \(SQLITE_FULL\)/);
    // Still full: refused again, nothing half-stored.
    await expect(store.create([big('refused')])).rejects.toThrow(/the disk is full/);
    expect(await store.list('order', 'refused')).toEqual([]);

    rmSync(ballast);
    expect(await store.create([big('after-1')])).toBe(true);
    expect(await store.create([big('after-2')])).toBe(true);
    await store.close?.();

    const reopened = createSqliteStore({ path });
    for (const key of [...full.acknowledged, 'after-1', 'after-2']) {
      expect(await reopened.list('order', key), key).toHaveLength(1);
    }
    expect(await reopened.create([big(full.acknowledged[0]!)])).toBe(false);
    expect(await reopened.list('order', 'refused')).toEqual([]);
    expect((await reopened.stats()).pending).toBe(full.acknowledged.length + 2);
    await reopened.close?.();
  });
});
