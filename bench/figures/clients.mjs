// The network clients against raw fetch, in this process, each call to the fakes' process:
// `trackOrder` and `registerGoal` 500 calls one after another, and `recordConversion` (memory store)
// as throughput with 20 calls in flight. The raw side sends the same request (the bytes the client
// sent, captured once through its `fetch` option) and reads the answer as text, as the client does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AFLITE_API_KEY,
  AFLITE_MERCHANT_ID,
  AVANTLINK_MERCHANT_ID,
  COOKIE_SECRET,
  VISITOR_ID,
} from '../lib/constants.mjs';
import { node } from '../lib/node-entry.mjs';
import { capture, rawSend, throughput } from '../lib/raw-fetch.mjs';
import { alternate, medians, round } from '../lib/stats.mjs';

const { AfliteClient, AvantLinkClient, createMemoryStore, createRelay, createSqliteStore } = node;

const ORDER = {
  subtotal: 100,
  currency: 'USD',
  items: [{ parentSku: 'TENT-2', price: 100, quantity: 1 }],
};

async function timed(count, call) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < count; i++) await call(i);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { msPerCall: ms / count, cpuMsPerCall: (used.user + used.system) / 1000 / count };
}

function sequentialFigure(id, title, samples, count, runs) {
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  return {
    id,
    title,
    kind: 'sequential',
    baseline: { name: 'raw fetch of the same request', ...roundAll(base) },
    subject: roundAll(subj),
    ratio: round(subj.msPerCall / base.msPerCall, 3),
    cpuRatio: round(subj.cpuMsPerCall / base.cpuMsPerCall, 3),
    ratioMeaning: 'time per call, subject / baseline (lower is better)',
    notes: `${count} calls in a row per run, ${runs} runs each side, alternating`,
    samples,
  };
}

/** `trackOrder`, 500 sequential, against raw fetch of the same request to the fake AvantLink. */
export async function trackOrderFigure({ fakes, settings }) {
  const client = new AvantLinkClient({ merchantId: AVANTLINK_MERCHANT_ID, baseUrl: fakes.avantlink });
  const input = (i) => ({
    avad: '77_f3afbe121',
    visitorIds: [VISITOR_ID],
    order: { orderId: `o-${i}`, ...ORDER },
  });
  const spec = await capture((fetch) =>
    new AvantLinkClient({ merchantId: AVANTLINK_MERCHANT_ID, baseUrl: fakes.avantlink, fetch }).trackOrder(
      input(0),
    ),
  );
  const template = JSON.parse(spec.body);
  const rawBody = (i) =>
    JSON.stringify({ ...template, order: { ...template.order, order_number: `o-${i}` } });
  const count = settings.calls;
  await timed(Math.min(50, count), (i) => rawSend(spec, rawBody(i)));
  await timed(Math.min(50, count), (i) => client.trackOrder(input(i)));
  const samples = await alternate(
    settings.runs,
    () => timed(count, (i) => rawSend(spec, rawBody(i))),
    () => timed(count, (i) => client.trackOrder(input(i))),
  );
  return sequentialFigure('track-order', '`trackOrder`, sequential', samples, count, settings.runs);
}

/** `registerGoal`, 500 sequential, against raw fetch of the same form to the fake Aflite. */
export async function registerGoalFigure({ fakes, settings }) {
  const options = { apiKey: AFLITE_API_KEY, merchantId: AFLITE_MERCHANT_ID, baseUrl: fakes.aflite };
  const client = new AfliteClient(options);
  let serial = 0;
  // Aflite refuses a reused merchant reference: every call, raw or not, has its own.
  const nextRef = () => `ref-${process.pid}-${serial++}`;
  const input = (merchantRef) => ({ clickSessionId: 'abc123', goalId: '1', merchantRef, value: '10.99' });
  const marker = 'capture-marker-ref';
  const spec = await capture((fetch) => new AfliteClient({ ...options, fetch }).registerGoal(input(marker)));
  const rawBody = () => spec.body.replace(marker, nextRef());
  const count = settings.calls;
  await timed(Math.min(50, count), () => rawSend(spec, rawBody()));
  await timed(Math.min(50, count), () => client.registerGoal(input(nextRef())));
  const samples = await alternate(
    settings.runs,
    () => timed(count, () => rawSend(spec, rawBody())),
    () => timed(count, () => client.registerGoal(input(nextRef()))),
  );
  return sequentialFigure('register-goal', '`registerGoal`, sequential', samples, count, settings.runs);
}

/**
 * `recordConversion` with a store (`memory` or `sqlite`, a fresh file), 20 in flight, against raw fetch of
 * the same call. A conversion is written to the store, then sent within the checkout budget.
 */
export async function recordConversionFigure({ fakes, settings, store = 'memory' }) {
  const touch = { network: 'avantlink', clickId: '77_f3afbe121', capturedAt: Date.now() - 60_000 };
  const attribution = { visitorId: VISITOR_ID, touches: [touch], source: 'server-cookie' };
  const relayFor = () =>
    createRelay({
      avantlink: { merchantId: AVANTLINK_MERCHANT_ID, baseUrl: fakes.avantlink },
      cookie: { secret: COOKIE_SECRET },
      store:
        store === 'memory'
          ? createMemoryStore()
          : createSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'ar-bench-')), 'deliveries.db') }),
    });
  const spec = await capture((fetch) =>
    new AvantLinkClient({ merchantId: AVANTLINK_MERCHANT_ID, baseUrl: fakes.avantlink, fetch }).trackOrder({
      avad: touch.clickId,
      visitorIds: [VISITOR_ID],
      order: { orderId: 'c-0', ...ORDER },
    }),
  );
  const template = JSON.parse(spec.body);
  const count = settings.conversions;
  let run = 0;
  let notSentTotal = 0;
  const viaRelay = async () => {
    const relay = relayFor();
    const prefix = `c${run++}`;
    let notSent = 0;
    const cpu = process.cpuUsage();
    const sample = await throughput(count, 20, async (i) => {
      const result = await relay.recordConversion({
        order: { orderId: `${prefix}-${i}`, ...ORDER },
        attribution,
      });
      if (result.results.avantlink?.status !== 'sent') notSent++;
    });
    const used = process.cpuUsage(cpu);
    await relay.close({ timeoutMs: 5_000 });
    notSentTotal += notSent;
    return { ...sample, cpuMsPerCall: (used.user + used.system) / 1000 / count };
  };
  const raw = async () => {
    const cpu = process.cpuUsage();
    const sample = await throughput(count, 20, (i) =>
      rawSend(spec, JSON.stringify({ ...template, order: { ...template.order, order_number: `r-${i}` } })),
    );
    const used = process.cpuUsage(cpu);
    return { ...sample, cpuMsPerCall: (used.user + used.system) / 1000 / count };
  };
  await raw();
  await viaRelay();
  const samples = await alternate(settings.runs, raw, viaRelay);
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  return {
    id: `record-conversion-${store}`,
    title: `\`recordConversion\`, ${store} store`,
    kind: 'throughput',
    baseline: { name: 'raw fetch of the same call', ...roundAll(base) },
    subject: roundAll(subj),
    ratio: round(subj.perSecond / base.perSecond, 3),
    cpuRatio: round(subj.cpuMsPerCall / base.cpuMsPerCall, 3),
    ratioMeaning:
      'conversions per second, subject / baseline (higher is better); CPU per call (lower is better)',
    notes: `${count} conversions per run, 20 in flight, ${settings.runs} runs each side, alternating; ${notSentTotal} of the relay's conversions answered other than \`sent\` (queued past the checkout budget)`,
    samples,
  };
}

function roundAll(values) {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, round(value, 3)]));
}
