// The shop for the hung-AvantLink load run (hung-avantlink.mjs): the collect endpoint on node:http
// through relay.collectListener(), the relay on its default store (the SQLite file at AFFILIATE_RELAY_DB), and
// routes for the runner: GET /rss, GET /status, POST /flush and GET /sockets. Prints its port on stdout.
import { subscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { createRelay } from '@affiliate-relay/node';

const relay = createRelay({
  avantlink: {
    merchantId: process.env.LOAD_MERCHANT_ID,
    baseUrl: process.env.LOAD_AVANTLINK_URL,
    timeoutMs: 2_000,
    retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 },
  },
  cookie: { secret: 'load-test-cookie-secret-of-32-chars!!', secure: false },
  delivery: {
    concurrency: Number(process.env.LOAD_CONCURRENCY),
    clicks: { maxConcurrency: Number(process.env.LOAD_MAX_CLICKS ?? 64) },
    baseDelayMs: 500,
    maxDelayMs: 2_000,
  },
});
const collect = relay.collectListener();

// The shop's own count of its outgoing sockets (it opens none but to AvantLink): each counted from its
// creation to its close, so the most open at once is exact on this side.
const sockets = { open: 0, most: 0 };
subscribe('net.client.socket', ({ socket }) => {
  sockets.open += 1;
  sockets.most = Math.max(sockets.most, sockets.open);
  socket.once('close', () => {
    sockets.open -= 1;
  });
});
const json = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = createServer(async (req, res) => {
  if (req.url === '/rss') return json(res, { rss: process.memoryUsage().rss });
  if (req.url === '/status') return json(res, await relay.status());
  if (req.url === '/flush') return json(res, await relay.flush({ timeoutMs: 10_000 }));
  if (req.url === '/sockets') return json(res, sockets);
  return collect(req, res);
});
server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
process.on('SIGTERM', async () => {
  await relay.close({ timeoutMs: 1_000 });
  process.exit(0);
});
