import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { migratedStore, testPool } from '../../test/postgres';
import type { DeliveryRecord } from './delivery-store';
import { avantlinkRecord, record } from './delivery-store.contract';
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
      ids.map((id) => Promise.all([a.create(id, [record(id)]), b.create(id, [avantlinkRecord(id)])])),
    );
    for (const [index, [byA, byB]] of outcomes.entries()) {
      expect(byA !== byB, ids[index]).toBe(true);
      const networks = (await a.list(ids[index]!)).map((r) => r.network);
      expect(networks).toEqual([byA ? 'aflite' : 'avantlink']);
    }
  });

  it("a create waits for another server's uncommitted create of that order id, then follows its outcome", async () => {
    const { a, b, schema } = await twoServers();
    const orders = `"${schema}"."${DEFAULT_POSTGRES_TABLE}_orders"`;
    const observer = testPool();
    const other = await testPool().connect();
    try {
      for (const [end, expected] of [
        ['COMMIT', false],
        ['ROLLBACK', true],
      ] as const) {
        const id = `held-${end}`;
        await other.query('BEGIN');
        await other.query(`INSERT INTO ${orders} (order_id) VALUES ($1)`, [id]);
        const waiting = b.create(id, [record(id)]);
        await aQueryWaitsOnALock(observer, schema);
        await other.query(end);
        expect(await waiting, end).toBe(expected);
      }
      expect(await a.list('held-ROLLBACK')).toHaveLength(1);
    } finally {
      other.release();
    }
  });

  it('two servers claiming at the same time never get the same record, and together take all', async () => {
    const { a, b } = await twoServers();
    const total = 300;
    const ids = Array.from({ length: total }, (_, i) => `o-${i}`);
    for (let i = 0; i < total; i += 50) {
      await Promise.all(ids.slice(i, i + 50).map((id) => a.create(id, [record(id)])));
    }
    const claimed: DeliveryRecord[] = [];
    const worker = async (store: PostgresStore) => {
      for (;;) {
        const batch = await store.claim({ now: 2000, lockUntil: 9000, limit: 7, dueOnly: true });
        if (batch.length === 0) return;
        claimed.push(...batch);
      }
    };
    await Promise.all([a, b, a, b, a, b, a, b].map(worker));
    const orderIds = claimed.map((r) => r.orderId);
    expect(new Set(orderIds).size).toBe(orderIds.length);
    expect(orderIds.sort()).toEqual([...ids].sort());
  });

  it('a claim skips a record another server holds in its transaction, without waiting for it', async () => {
    const { a, b, schema } = await twoServers();
    await a.create('o-1', [record('o-1')]);
    await a.create('o-2', [record('o-2')]);
    const other = await testPool().connect();
    try {
      await other.query('BEGIN');
      await other.query(
        `SELECT 1 FROM "${schema}"."${DEFAULT_POSTGRES_TABLE}" WHERE order_id = 'o-1' FOR UPDATE`,
      );
      const claimed = await b.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false });
      expect(claimed.map((r) => r.orderId)).toEqual(['o-2']);
      await other.query('COMMIT');
      expect(
        (await b.claim({ now: 2000, lockUntil: 9000, limit: 10, dueOnly: false })).map((r) => r.orderId),
      ).toEqual(['o-1']);
    } finally {
      other.release();
    }
  });

  it('a server sees at once what another recorded, updated or claimed', async () => {
    const { a, b } = await twoServers();
    await a.create('o-1', [record('o-1')]);
    const [claimed] = await b.claim({ now: 2000, lockUntil: 9000, limit: 1, dueOnly: true });
    expect((await a.list('o-1'))[0]?.lockedUntil).toBe(9000);
    const { lockedUntil: _released, ...rest } = claimed!;
    await b.update({ ...rest, status: 'sent', attempts: 1, updatedAt: 2500 });
    expect(await a.list('o-1')).toEqual([{ ...rest, status: 'sent', attempts: 1, updatedAt: 2500 }]);
  });
});
