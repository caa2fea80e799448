import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { migratedStore, testPool } from '../../../test/postgres';
import type { DeliveryRecord } from '../contract';
import { avantlinkRecord, record } from '../store-records.contract';
import { DEFAULT_POSTGRES_TABLE } from './postgres-schema';
import { createPostgresStore, type PostgresStore } from './postgres-store';

/*
 * Two stores on two pools of the same database, as two servers of a fleet.
 */

async function twoServers(): Promise<{ a: PostgresStore; b: PostgresStore; schema: string; pool: pg.Pool }> {
  const { store: a, schema, pool } = await migratedStore();
  const b = createPostgresStore({ pool: testPool(), schema });
  return { a, b, schema, pool };
}

/** Resolves once a query on this test's schema waits for a lock that another session holds. */
async function aQueryWaitsOnALock(pool: pg.Pool, schema: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
        [schema],
      );
      expect(rows[0].n).toBeGreaterThan(0);
    },
    { timeout: 10_000, interval: 10 },
  );
}

describe('PostgreSQL store across servers', () => {
  it('two servers racing create for the same order ids: exactly one wins each', async () => {
    const { a, b } = await twoServers();
    const ids = Array.from({ length: 40 }, (_, i) => `race-${i}`);
    const outcomes = await Promise.all(
      ids.map((id) => Promise.all([a.create([record(id)]), b.create([avantlinkRecord(id)])])),
    );
    for (const [index, [byA, byB]] of outcomes.entries()) {
      expect(byA !== byB, ids[index]).toBe(true);
      const networks = (await a.list('order', ids[index]!)).map((r) => r.network);
      expect(networks).toEqual([byA ? 'aflite' : 'avantlink']);
    }
  });

  it("a create waits for another server's uncommitted create of that order id, then follows its outcome", async () => {
    const { a, b, schema } = await twoServers();
    const keys = `"${schema}"."${DEFAULT_POSTGRES_TABLE}_keys"`;
    const observer = testPool();
    const other = await testPool().connect();
    try {
      for (const [end, expected] of [
        ['COMMIT', false],
        ['ROLLBACK', true],
      ] as const) {
        const id = `held-${end}`;
        await other.query('BEGIN');
        await other.query(`INSERT INTO ${keys} (kind, key, created_at) VALUES ('order', $1, 0)`, [id]);
        const waiting = b.create([record(id)]);
        await aQueryWaitsOnALock(observer, schema);
        await other.query(end);
        expect(await waiting, end).toBe(expected);
      }
      expect(await a.list('order', 'held-ROLLBACK')).toHaveLength(1);
    } finally {
      other.release();
    }
  });

  it('two servers claiming at the same time never get the same record, and together take all', async () => {
    const { a, b } = await twoServers();
    const total = 300;
    const ids = Array.from({ length: total }, (_, i) => `o-${i}`);
    for (let i = 0; i < total; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map((id) => a.create([record(id)])));
    }
    const claimed: DeliveryRecord[] = [];
    const worker = async (store: PostgresStore) => {
      for (;;) {
        const batch = await store.claim({ now: 2000, lockUntil: 9000, limit: 7, lockToken: 't' });
        if (batch.length === 0) return;
        claimed.push(...batch);
      }
    };
    await Promise.all([a, b, a, b, a, b, a, b].map(worker));
    const orderIds = claimed.map((r) => r.key);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    expect(orderIds.sort()).toEqual([...ids].sort());
  });

  it('a claim skips a record another server holds in its transaction, without waiting for it', async () => {
    const { a, b, schema } = await twoServers();
    await a.create([record('o-1')]);
    await a.create([record('o-2')]);
    const other = await testPool().connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT 1 FROM "${schema}"."${DEFAULT_POSTGRES_TABLE}" WHERE key = 'o-1' FOR UPDATE`);
      const claimed = await b.claim({ now: 2000, lockUntil: 9000, limit: 10, lockToken: 't' });
      expect(claimed.map((r) => r.key)).toEqual(['o-2']);
      await other.query('COMMIT');
      expect(
        (await b.claim({ now: 2000, lockUntil: 9000, limit: 10, lockToken: 't' })).map((r) => r.key),
      ).toEqual(['o-1']);
    } finally {
      other.release();
    }
  });

  it('a server sees at once what another recorded, updated or claimed', async () => {
    const { a, b } = await twoServers();
    await a.create([record('o-1')]);
    const [claimed] = await b.claim({ now: 2000, lockUntil: 9000, limit: 1, lockToken: 't' });
    expect((await a.list('order', 'o-1'))[0]).toMatchObject({
      lockedUntil: 9000,
      lockToken: 't',
      attempts: 1,
    });
    const { lockedUntil: _released, ...rest } = claimed!;
    expect(await b.update({ ...rest, status: 'sent', updatedAt: 2500 })).toBe(true);
    expect(await a.list('order', 'o-1')).toEqual([{ ...rest, status: 'sent', updatedAt: 2500 }]);
  });
});
