// The beacons of the click-peak figure, sent from a process of their own (so that the process timing the
// checkouts is not also the one generating the load): `node peak-beacons.mjs COLLECT_URL RATE SECONDS`.
// Prints `{ "ready": true }`, waits for SIGUSR2, posts RATE beacons a second for SECONDS, each with a click never
// seen before (avad `98_pk…`), each on time (not after the previous one ended), then prints
// `{ total, seconds, failures, firstFailure }` and exits.
const [url, rateText, secondsText] = process.argv.slice(2);
const rate = Number(rateText);
const total = Math.round(rate * Number(secondsText));
const origin = new URL(url).origin;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function clickBody(n) {
  const clickId = `98_pk${n.toString(36)}`;
  const landingUrl = `http://127.0.0.1/products/tent?avad=${clickId}`;
  return JSON.stringify({
    touches: [{ network: 'avantlink', clickId, capturedAt: Date.now() - 1_000, landingUrl }],
    visitorId: `vis_peak${n.toString(36)}`,
    pageUrl: landingUrl,
    referrer: 'https://deals.example/today',
  });
}

// A signal listener keeps no process alive: this timer does, until the signal comes.
const alive = setInterval(() => undefined, 60_000);
const go = new Promise((resolve) => process.once('SIGUSR2', resolve));
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
await go;
clearInterval(alive);
const failures = [];
const started = performance.now();
const calls = [];
for (let i = 0; i < total; i++) {
  const wait = started + (i * 1_000) / rate - performance.now();
  if (wait > 1) await sleep(wait);
  calls.push(
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
      body: clickBody(i),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        if (response.status !== 204) failures.push(response.status);
      },
      (error) => failures.push(String(error)),
    ),
  );
}
await Promise.all(calls);
const seconds = (performance.now() - started) / 1_000;
process.stdout.write(
  `${JSON.stringify({ total, seconds, failures: failures.length, firstFailure: failures[0] ?? null })}\n`,
);
process.exit(0);
