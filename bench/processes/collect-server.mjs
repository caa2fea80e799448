// A collect server under load, alone in its process: `node collect-server.mjs MODE [avantlinkUrl]`.
//   bare         node:http answering 204 after reading the body (the baseline)
//   relay        relay.collectListener(), a beacon the signed cookie already holds
//   relay-click  the same, every beacon with a click newer than the cookie's (a new AvantLink click)
//   relay-distinct-click  the same, every beacon with its own click id (`distinct`: the load side numbers
//                the bodies): each click is written to the store and sent by the worker
//   floor        the hand-written floor (lib/floor-collect.mjs) fed relay-click's requests (the same click)
//   floor-distinct  the floor fed relay-distinct-click's requests (a click never seen before each time)
// Prints one JSON line when ready: { url, method, headers, body } (what the load generator sends).
import { createServer } from 'node:http';
import { benchRelay, collectRequestParts } from '../lib/collect-setup.mjs';
import { floorCollectListener } from '../lib/floor-collect.mjs';
import { node } from '../lib/node-entry.mjs';

const [mode, avantlinkUrl] = process.argv.slice(2);

let listener;
let parts = {
  body: '{}',
  headers: { 'content-type': 'text/plain;charset=UTF-8' },
};
let relay;
let floor;
if (mode === 'bare') {
  listener = (req, res) => {
    req.resume();
    req.once('end', () => {
      res.statusCode = 204;
      res.end();
    });
  };
} else if (mode === 'relay' || mode === 'relay-click' || mode === 'relay-distinct-click') {
  relay = benchRelay(avantlinkUrl);
  parts = await collectRequestParts(relay, { fresh: mode !== 'relay' });
  if (mode === 'relay-distinct-click') parts.distinct = true;
  // A build from before collectListener: its toNodeListener took the same Node path.
  listener = relay.collectListener?.() ?? node.toNodeListener(relay.handleCollect);
} else if (mode === 'floor' || mode === 'floor-distinct') {
  // The same requests as the relay's modes: a relay signs the cookie they bring, then is closed.
  const signer = benchRelay(avantlinkUrl);
  parts = await collectRequestParts(signer, { fresh: true });
  await signer.close({ timeoutMs: 2_000 });
  if (mode === 'floor-distinct') parts.distinct = true;
  floor = floorCollectListener();
  listener = floor.listener;
} else {
  throw new Error(`unknown mode ${mode}`);
}

const server = createServer(listener);
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/affiliate-relay/collect`;
process.stdout.write(`${JSON.stringify({ url, method: 'POST', ...parts })}\n`);

process.once('SIGTERM', async () => {
  server.closeAllConnections();
  server.close();
  await relay?.close({ timeoutMs: 2_000 });
  floor?.close();
  process.exit(0);
});
