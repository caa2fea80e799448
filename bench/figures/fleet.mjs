// A fleet on one PostgreSQL (a throwaway cluster, tooling/postgres-cluster.ts): 1, 2 and 4 server processes
// (processes/fleet-worker.mjs, each warmed up first) recording conversions (checkouts: a write, then one
// attempt), then, in the same processes, draining what is pending (orders seeded before the timing, all
// processes' `flush()` at once, competing for the rows), each
// against a raw `pg` loop writing and updating the same rows with raw fetch of the same calls. The fake
// AvantLink answers each call after `settings.fleetLatencyMs` (a network far away; the real one answers in
// ~100 ms): with 4 calls in flight per process, one process cannot go faster than 4 / latency, which is what a
// fleet is for. After every run the fake's count of order calls must equal the orders, none repeated (no
// delivery sent twice), and the tables must hold every order as sent.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startPostgresCluster } from '../../tooling/postgres-cluster.ts';
import { startChild } from '../lib/child.mjs';
import { FLEET_TABLE } from '../lib/constants.mjs';
import { expectEachOrderOnce } from '../lib/fake-orders.mjs';
import { node } from '../lib/node-entry.mjs';
import { captureOrderCall, seedPendingOrders } from '../lib/pending-orders.mjs';
import { median, round } from '../lib/stats.mjs';

const WORKER = fileURLToPath(new URL('../processes/fleet-worker.mjs', import.meta.url));
const PHASES = ['record', 'drain'];
const TABLE = `"${FLEET_TABLE}"`;

/** Checks that the fake answered each order of `prefix` once, and that the tables hold them all as sent. */
async function checkSent({ fakes, db, prefix, orders, what }) {
  await expectEachOrderOnce(fakes, `${prefix}-`, orders, what);
  const { rows } = await db.query(
    `SELECT state, count(*)::int AS n FROM ${TABLE} WHERE key LIKE $1 GROUP BY state`,
    [`${prefix}-%`],
  );
  const sent = rows.find((row) => row.state === 'sent')?.n ?? 0;
  if (sent !== orders || rows.length !== 1) {
    throw new Error(`${what}: ${orders} orders sent, the table holds ${JSON.stringify(rows)}`);
  }
}

/**
 * One run of `size` processes of `side`: both phases, record then drain, `orders` orders each in all.
 * Resolves a sample per phase: orders per second of the fleet (the signal to the last answer), and the
 * processes' CPU per order.
 */
async function fleetRun({ side, size, orders, warm, prefix, db, url, fakes, spec }) {
  await db.query(`TRUNCATE ${TABLE}, "${FLEET_TABLE}_keys"`);
  const share = (k) => Math.floor(orders / size) + (k < orders % size ? 1 : 0);
  const workers = await Promise.all(
    Array.from({ length: size }, (_, k) =>
      startChild(WORKER, [side, url, fakes.avantlink, `${prefix}r-w${k}`, share(k), warm], {
        env: { BENCH_FLEET_SPEC: JSON.stringify(spec) },
      }),
    ),
  );
  try {
    const phase = async (line) => {
      const started = performance.now();
      for (const worker of workers) worker.signal('SIGUSR2');
      const results = await Promise.all(workers.map((worker) => worker.line(line)));
      const ms = performance.now() - started;
      return {
        perSecond: (orders * 1000) / ms,
        cpuMsPerOrder: results.reduce((sum, result) => sum + result.cpuMs, 0) / orders,
        notSent: results.reduce((sum, result) => sum + result.notSent, 0),
      };
    };
    const record = await phase(2);
    for (let k = 0; k < size; k++) {
      await checkSent({
        fakes,
        db,
        prefix: `${prefix}r-w${k}`,
        orders: share(k),
        what: `${side} record ×${size}`,
      });
    }
    await seedPendingOrders(node.createPostgresStore({ pool: db, table: FLEET_TABLE }), `${prefix}d`, orders);
    const drain = await phase(3);
    await checkSent({ fakes, db, prefix: `${prefix}d`, orders, what: `${side} drain ×${size}` });
    await Promise.all(workers.map((worker) => worker.finished()));
    return { record, drain };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** The fleet figures, `fleet-record` and `fleet-drain`, from one run of every size, side and phase. */
export async function fleetFigures({ fakes, settings }) {
  const orders = settings.fleetOrders;
  // 1, 2 and 4 processes (the short run: 1 and 4); the scaling is of the most against one.
  const SIZES = settings.fleetSizes;
  const most = SIZES.at(-1);
  // BENCH_DATABASE_URL: an existing database instead (its tables are created if missing, emptied per run).
  const cluster = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined }
    : await startPostgresCluster('affiliate_relay_bench');
  const db = new pg.Pool({ connectionString: cluster.url, max: 4 });
  db.on('error', () => undefined);
  const samples = {};
  const key = (side, phase, size) => `${side}-${phase}-${size}`;
  try {
    await node.createPostgresStore({ pool: db, table: FLEET_TABLE }).migrate();
    const spec = await captureOrderCall(fakes);
    await fetch(`${fakes.control}/reset`, { method: 'POST' });
    await fetch(`${fakes.control}/latency?ms=${settings.fleetLatencyMs}`, { method: 'POST' });
    for (const side of ['relay', 'raw']) {
      for (const phase of PHASES) for (const size of SIZES) samples[key(side, phase, size)] = [];
    }
    let serial = 0;
    for (let run = 0; run < settings.fleetRuns; run++) {
      for (const size of SIZES) {
        const sides = (run + size) % 2 === 0 ? ['raw', 'relay'] : ['relay', 'raw'];
        for (const side of sides) {
          const sample = await fleetRun({
            side,
            size,
            orders,
            warm: settings.fleetWarm,
            prefix: `f${serial++}`,
            db,
            url: cluster.url,
            fakes,
            spec,
          });
          for (const phase of PHASES) samples[key(side, phase, size)].push(sample[phase]);
        }
      }
    }
  } finally {
    await fetch(`${fakes.control}/latency?ms=0`, { method: 'POST' }).catch(() => undefined);
    await db.end();
    await cluster.stop();
  }
  const rate = (side, phase, size) => median(samples[key(side, phase, size)].map((s) => s.perSecond));
  const cpu = (side, phase, size) => median(samples[key(side, phase, size)].map((s) => s.cpuMsPerOrder));
  return PHASES.map((phase) => {
    const rates = (side) => Object.fromEntries(SIZES.map((size) => [size, rate(side, phase, size)]));
    const relay = rates('relay');
    const raw = rates('raw');
    const spread = (side, size) =>
      samples[key(side, phase, size)].map((s) => Math.round(s.perSecond)).join(', ');
    const notSent = SIZES.reduce(
      (sum, size) => sum + samples[key('relay', phase, size)].reduce((n, s) => n + s.notSent, 0),
      0,
    );
    return {
      id: `fleet-${phase}`,
      title:
        phase === 'record'
          ? `a fleet on one PostgreSQL recording conversions (checkouts), ${SIZES.join(', ')} processes: ${most} vs 1`
          : `a fleet on one PostgreSQL draining ${orders.toLocaleString('en-US')} pending orders, ${SIZES.join(', ')} processes: ${most} vs 1`,
      kind: 'fleet',
      baseline: {
        name: 'a raw `pg` insert/update loop and raw fetch, the same rows and calls',
        perSecond: Object.fromEntries(SIZES.map((size) => [size, round(raw[size], 1)])),
        scaling: round(raw[most] / raw[1], 3),
      },
      subject: {
        perSecond: Object.fromEntries(SIZES.map((size) => [size, round(relay[size], 1)])),
        scaling: round(relay[most] / relay[1], 3),
      },
      ratio: round(relay[most] / relay[1], 3),
      baselineScaling: round(raw[most] / raw[1], 3),
      vsBaseline: Object.fromEntries(SIZES.map((size) => [size, round(relay[size] / raw[size], 3)])),
      ratioMeaning: `orders per second of ${most} processes / of 1 process, the relay (higher is better; the raw loop’s in brackets), and the relay / the raw loop at each size`,
      notes: `${orders} orders per run in all, split across the processes (each warmed up with ${settings.fleetWarm} checkouts first), 4 calls in flight per process, the fake answering in ${settings.fleetLatencyMs} ms; ${settings.fleetRuns} runs of each size and side, alternating; relay / raw at ${SIZES.join(', ')} processes: ${SIZES.map((size) => `${round(relay[size] / raw[size], 3)}×`).join(', ')}; client CPU per order at ${most} processes ${round(cpu('relay', phase, most), 2)} ms (relay), ${round(cpu('raw', phase, most), 2)} ms (raw); every run's orders answered once each by the fake and all sent in the tables (checked: 0 sent twice)${phase === 'record' ? `; ${notSent} checkouts answered other than \`sent\`` : ''}; runs at ${most} processes: relay ${spread('relay', most)}/s, raw ${spread('raw', most)}/s; at 1: relay ${spread('relay', 1)}/s, raw ${spread('raw', 1)}/s`,
      samples: Object.fromEntries(Object.entries(samples).filter(([name]) => name.includes(`-${phase}-`))),
    };
  });
}
