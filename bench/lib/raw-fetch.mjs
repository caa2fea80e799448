// The raw side of the client figures: the request a client sends, captured once, sent again with the
// global `fetch`; and a loop that keeps a number of calls in flight.

/** Captures the request a client call sends, through the client's `fetch` option. */
export async function capture(call) {
  let seen;
  const spy = async (input, init) => {
    const request = new Request(input, init);
    seen = { url: request.url, method: request.method, headers: Object.fromEntries(request.headers) };
    seen.body = await request.clone().text();
    return fetch(request);
  };
  await call(spy);
  return seen;
}

/** Sends `body` as the captured request `spec` with the global `fetch`, and reads the answer as text. */
export async function rawSend(spec, body) {
  const response = await fetch(spec.url, { method: spec.method, headers: spec.headers, body });
  await response.text();
  if (!response.ok) throw new Error(`raw fetch answered ${response.status}`);
}

/** Runs `call(0…count-1)` with `concurrency` in flight; resolves the calls per second. */
export async function throughput(count, concurrency, call) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: (count * 1000) / (performance.now() - started) };
}
