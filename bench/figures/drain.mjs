// The outbox's drain: N orders pending in a fresh SQLite store (the default kind; written before any timing),
// sent by one `relay.flush()` in this process, against raw `fetch` of the same N order calls with the same
// number in flight (`delivery.concurrency`, default 4), to the same fake AvantLink in the fakes' process.
// The fake counts the order calls it answered: each side must send each order exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AVANTLINK_MERCHANT_ID, COOKIE_SECRET } from '../lib/constants.mjs';
import { expectEachOrderOnce } from '../lib/fake-orders.mjs';
import { node } from '../lib/node-entry.mjs';
import { captureOrderCall, seedPendingOrders } from '../lib/pending-orders.mjs';
import { rawSend, throughput } from '../lib/raw-fetch.mjs';
import { alternate, medians, round } from '../lib/stats.mjs';

const CONCURRENCY = 4;

/** `settings.drainOrders` pending orders drained by one flush(), against raw fetch at the same concurrency. */
export async function drainFigure({ fakes, settings }) {
  const count = settings.drainOrders;
  await fetch(`${fakes.control}/reset`, { method: 'POST' });
  const spec = await captureOrderCall(fakes);
  const template = JSON.parse(spec.body);
  let run = 0;
  const raw = async () => {
    const prefix = `raw${run++}`;
    const cpu = process.cpuUsage();
    const sample = await throughput(count, CONCURRENCY, (i) =>
      rawSend(
        spec,
        JSON.stringify({ ...template, order: { ...template.order, order_number: `${prefix}-${i}` } }),
      ),
    );
    const used = process.cpuUsage(cpu);
    await expectEachOrderOnce(fakes, `${prefix}-`, count, 'raw fetch');
    return { ...sample, cpuMsPerCall: (used.user + used.system) / 1000 / count };
  };
  const drain = async () => {
    const prefix = `drain${run++}`;
    const store = node.createSqliteStore({
      path: join(mkdtempSync(join(tmpdir(), 'ar-bench-')), 'deliveries.db'),
    });
    await seedPendingOrders(store, prefix, count);
    const relay = node.createRelay({
      avantlink: { merchantId: AVANTLINK_MERCHANT_ID, baseUrl: fakes.avantlink },
      cookie: { secret: COOKIE_SECRET },
      store,
      delivery: { pollMs: 0, concurrency: CONCURRENCY },
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const { completed } = await relay.flush({ timeoutMs: 300_000 });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const { pending } = await relay.status();
    await relay.close({ timeoutMs: 5_000 });
    await store.close();
    if (!completed || pending !== 0)
      throw new Error(`flush(): completed ${completed}, ${pending} left pending`);
    await expectEachOrderOnce(fakes, `${prefix}-`, count, 'flush()');
    return { perSecond: (count * 1000) / ms, cpuMsPerCall: (used.user + used.system) / 1000 / count };
  };
  await raw();
  await drain();
  const samples = await alternate(settings.runs, raw, drain);
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  const spread = (side) => samples[side].map((s) => Math.round(s.perSecond)).join(', ');
  return {
    id: 'drain',
    title: `the outbox's drain: ${count.toLocaleString('en-US')} pending orders in one \`flush()\`, SQLite store`,
    kind: 'throughput',
    baseline: {
      name: `raw fetch of the same order calls, ${CONCURRENCY} in flight`,
      perSecond: round(base.perSecond, 0),
      cpuMsPerCall: round(base.cpuMsPerCall, 3),
    },
    subject: { perSecond: round(subj.perSecond, 0), cpuMsPerCall: round(subj.cpuMsPerCall, 3) },
    ratio: round(subj.perSecond / base.perSecond, 3),
    cpuRatio: round(subj.cpuMsPerCall / base.cpuMsPerCall, 3),
    ratioMeaning: 'orders per second, subject / baseline (higher is better); CPU per order (lower is better)',
    notes: `${settings.runs} runs each side, alternating, a fresh store each; delivery.concurrency ${CONCURRENCY}; every run's orders each answered once by the fake (checked); runs: raw ${spread('baseline')}/s, flush ${spread('subject')}/s`,
    samples,
  };
}
