// The Web handler (`relay.handleCollect`) as a function-call loop in this process: each call gets a
// new Request (the beacon and the signed cookie, nothing new: no click call) and awaits the
// Response. The baseline is a Web handler that reads the body and answers 204, fed the same Requests.
import { benchRelay, collectRequestParts } from '../lib/collect-setup.mjs';
import { alternate, medians, round } from '../lib/stats.mjs';

const URL_ = 'http://127.0.0.1/affiliate-relay/collect';

async function loop(count, handler, parts) {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await handler(
      new Request(URL_, { method: 'POST', headers: parts.headers, body: parts.body }),
    );
    if (response.status !== 204) throw new Error(`the handler answered ${response.status}`);
  }
  return { perSecond: (count * 1000) / (performance.now() - started) };
}

export async function webHandlerFigure({ fakes, settings }) {
  const relay = benchRelay(fakes.avantlink);
  const parts = await collectRequestParts(relay, { fresh: false });
  const noop = async (request) => {
    await request.arrayBuffer();
    return new Response(null, { status: 204 });
  };
  const count = settings.handlerCalls;
  await loop(Math.min(200, count), noop, parts);
  await loop(Math.min(200, count), relay.handleCollect, parts);
  const samples = await alternate(
    settings.runs,
    () => loop(count, noop, parts),
    () => loop(count, relay.handleCollect, parts),
  );
  await relay.close({ timeoutMs: 2_000 });
  const base = medians(samples.baseline);
  const subj = medians(samples.subject);
  return {
    id: 'collect-web-handler',
    title: '`relay.handleCollect` (Web handler), function-call loop, no click call',
    kind: 'throughput',
    baseline: {
      name: 'a Web handler that reads the body and answers 204',
      perSecond: round(base.perSecond, 0),
    },
    subject: { perSecond: round(subj.perSecond, 0) },
    ratio: round(subj.perSecond / base.perSecond, 3),
    ratioMeaning: 'calls per second, subject / baseline (higher is better)',
    notes: `${count} calls in a row per run (a new Request each), ${settings.runs} runs each side, alternating, in one process`,
    samples,
  };
}
