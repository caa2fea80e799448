// The beacons of the click-peak figure, sent from a process of their own (so that the process timing the
// checkouts is not also the one generating the load): `node peak-beacons.mjs COLLECT_URL RATE SECONDS`.
// Prints `{ "ready": true }`, waits for SIGUSR2, posts RATE beacons a second for SECONDS, each with a click never
// seen before (avad `98_pk…`), each on time (not after the previous one ended), then prints
// `{ total, seconds, failures, firstFailure }` and exits.
import { Agent, request } from 'node:http';
import { BROWSER_UA } from '../lib/constants.mjs';

const [url, rateText, secondsText] = process.argv.slice(2);
// At most 64 connections, kept alive, the rest waiting here: as a proxy in front of a shop would. (fetch opens a
// new connection for every request in flight: on a loaded machine hundreds of connects overflowed the shop's
// listen backlog and timed out, which is this machine's limit, not the relay's.)
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
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
/** Posts one beacon; resolves once answered (a status other than 204 counted as a failure). */
function post(body) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        'content-length': Buffer.byteLength(body),
        // A browser's: AvantLink's click call needs the shopper's user agent (without one no click is recorded).
        'user-agent': BROWSER_UA,
        origin,
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 204) failures.push(res.statusCode);
        resolve();
      });
    });
    req.end(body);
  });
}

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
  calls.push(post(clickBody(i)).catch((error) => failures.push(String(error))));
}
await Promise.all(calls);
agent.destroy();
const seconds = (performance.now() - started) / 1_000;
process.stdout.write(
  `${JSON.stringify({ total, seconds, failures: failures.length, firstFailure: failures[0] ?? null })}\n`,
);
process.exit(0);
