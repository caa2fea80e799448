// One server of the fleet figure, alone in its process, on the shared PostgreSQL:
//   node fleet-worker.mjs SIDE DATABASE_URL AVANTLINK_URL PREFIX COUNT WARM
//   SIDE   relay  a relay on createPostgresStore (delivery.concurrency 4, no polling worker, a 30 s checkout budget)
//          raw    a `pg` loop writing and updating the same rows itself, and raw fetch of the same calls
// It records WARM checkouts (order ids `warm-PREFIX-…`, untimed: connections and JIT), prints
// `{ "ready": true }`, then on each SIGUSR2 runs a phase and prints `{ ms, cpuMs, orders, notSent }`:
//   1. record  COUNT checkouts (`PREFIX-0…`), 4 in flight: the relay's recordConversion (a write, then one
//              attempt); raw: BEGIN, INSERT the key and the delivery row, COMMIT, fetch, UPDATE the row to sent
//   2. drain   send what is pending in the shared tables (the parent seeds it): the relay's flush(); raw: 4
//              loops that claim one row (UPDATE … FOR UPDATE SKIP LOCKED), fetch, UPDATE it to sent, until
//              none is left
// then exits. A signal is listened for before the line that invites it is printed (the parent may send it at
// once). BENCH_FLEET_SPEC holds the order call to send (raw side), as the parent captured it from the client.
import pg from 'pg';
import { AVANTLINK_MERCHANT_ID, COOKIE_SECRET, FLEET_TABLE, VISITOR_ID } from '../lib/constants.mjs';
import { node } from '../lib/node-entry.mjs';
import { orderRequest, pendingOrder } from '../lib/pending-orders.mjs';
import { rawSend, throughput } from '../lib/raw-fetch.mjs';

const CONCURRENCY = 4;
const [side, databaseUrl, avantlinkUrl, prefix, countText, warmText] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY + 2 });
pool.on('error', () => undefined);
const table = `"${FLEET_TABLE}"`;
const keys = `"${FLEET_TABLE}_keys"`;

const relay =
  side === 'relay'
    ? node.createRelay({
        avantlink: { merchantId: AVANTLINK_MERCHANT_ID, baseUrl: avantlinkUrl },
        cookie: { secret: COOKIE_SECRET },
        store: node.createPostgresStore({ pool, table: FLEET_TABLE }),
        // A checkout waits for its attempt as the raw loop waits for its fetch: on a loaded machine the default
        // 1 s budget can run out, and a checkout answered `pending` would stay so (no polling worker here).
        delivery: { pollMs: 0, concurrency: CONCURRENCY, checkoutBudgetMs: 30_000 },
      })
    : undefined;
const spec = side === 'raw' ? JSON.parse(process.env.BENCH_FLEET_SPEC) : undefined;
const template = spec && JSON.parse(spec.body);
const sendRaw = (orderId) =>
  rawSend(spec, JSON.stringify({ ...template, order: { ...template.order, order_number: orderId } }));

const attribution = {
  visitorId: VISITOR_ID,
  touches: [{ network: 'avantlink', clickId: '77_f3afbe121', capturedAt: Date.now() - 60_000 }],
  source: 'server-cookie',
};

async function relayRecord(prefix, count) {
  let notSent = 0;
  await throughput(count, CONCURRENCY, async (i) => {
    const { order } = orderRequest(`${prefix}-${i}`);
    const result = await relay.recordConversion({ order, attribution });
    if (result.results.avantlink?.status !== 'sent') notSent++;
  });
  return { orders: count, notSent };
}

async function relayDrain() {
  const { completed } = await relay.flush({ timeoutMs: 300_000 });
  if (!completed) throw new Error('flush() did not complete');
  return { notSent: 0 };
}

async function rawRecord(prefix, count) {
  await throughput(count, CONCURRENCY, async (i) => {
    const orderId = `${prefix}-${i}`;
    const now = Date.now();
    const record = {
      ...pendingOrder(orderId, now),
      attempts: 1,
      lockedUntil: now + 300_000,
      lockToken: 'checkout',
    };
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO ${keys} (kind, key, created_at) VALUES ('order', $1, $2) ON CONFLICT (kind, key) DO NOTHING`,
        [orderId, now],
      );
      if (inserted.rowCount !== 1) throw new Error(`${orderId} was already known`);
      await client.query(
        `INSERT INTO ${table} (kind, key, network, state, attempts, due_at, lock_until, lock_token, owner, created_at, updated_at, record)
         VALUES ('order', $1, 'avantlink', 'pending', 1, $2, $3, 'checkout', 'raw', $2, $2, $4::jsonb)`,
        [orderId, now, now + 300_000, JSON.stringify(record)],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sendRaw(orderId);
    const sent = {
      ...record,
      status: 'sent',
      lockedUntil: undefined,
      lockToken: undefined,
      updatedAt: Date.now(),
    };
    await pool.query(
      `UPDATE ${table} SET (state, attempts, lock_until, lock_token, updated_at, record) = ('sent', 1, NULL, NULL, $1, $2::jsonb)
       WHERE kind = 'order' AND key = $3 AND network = 'avantlink' AND lock_token = 'checkout'`,
      [sent.updatedAt, JSON.stringify(sent), orderId],
    );
  });
  return { orders: count, notSent: 0 };
}

async function rawDrain() {
  let orders = 0;
  const token = `raw-${process.pid}`;
  const loop = async () => {
    for (;;) {
      const now = Date.now();
      const { rows } = await pool.query(
        `WITH picked AS (
           SELECT seq FROM ${table}
           WHERE state = 'pending' AND due_at <= $1 AND (lock_until IS NULL OR lock_until <= $1)
           ORDER BY due_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE ${table} AS d SET lock_until = $2, lock_token = $3, attempts = d.attempts + 1
         FROM picked WHERE d.seq = picked.seq RETURNING d.seq, d.key, d.record::text AS record`,
        [now, now + 300_000, token],
      );
      const row = rows[0];
      if (!row) return;
      await sendRaw(row.key);
      const sent = { ...JSON.parse(row.record), status: 'sent', attempts: 1, updatedAt: Date.now() };
      await pool.query(
        `UPDATE ${table} SET (state, lock_until, lock_token, updated_at, record) = ('sent', NULL, NULL, $1, $2::jsonb)
         WHERE seq = $3 AND lock_token = $4`,
        [sent.updatedAt, JSON.stringify(sent), row.seq, token],
      );
      orders++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return { orders, notSent: 0 };
}

const work = {
  relay: { record: relayRecord, drain: relayDrain },
  raw: { record: rawRecord, drain: rawDrain },
}[side];
if (!work) throw new Error(`unknown side ${side}`);

/** Waits for SIGUSR2 (listening before `invite` prints the line that lets the parent send it), then times `phase`. */
async function onSignal(invite, phase) {
  const go = new Promise((resolve) => process.once('SIGUSR2', resolve));
  invite();
  await go;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await phase();
  const used = process.cpuUsage(cpu);
  return { ...result, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const print = (value) => () => process.stdout.write(`${JSON.stringify(value)}\n`);
await work.record(`warm-${prefix}`, Number(warmText));
const recorded = await onSignal(print({ ready: true }), () => work.record(prefix, Number(countText)));
const drained = await onSignal(print(recorded), work.drain);
await relay?.close({ timeoutMs: 5_000 });
await pool.end();
print(drained)();
process.exit(0);
