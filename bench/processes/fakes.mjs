// The fake networks of the bench, in their own process so that their work never counts against the
// code under test: the testkit's fake AvantLink and Aflite on 127.0.0.1, plus a control server:
//   GET /counts          how many clicks, orders and goals they accepted, and how many AvantLink order calls
//                        answered 200 (`orderCalls`) and of those how many repeated an order number already
//                        sent (`orderRepeats`: a delivery sent twice); `?prefix=` counts only the order
//                        numbers that start with it; `?clickPrefix=` counts the click calls answered 200 whose
//                        avad starts with it (`clickCalls`) and their distinct avads (`clickDistinct`); and
//                        the fake AvantLink's TCP connections (`connections`: open now, most at once)
//   POST /reset          forgets them (and any latency)
//   POST /latency?ms=N   every AvantLink answer waits N ms (0: none), as a network far away does
// Prints one JSON line when ready: { avantlink, aflite, control } (base URLs).
import { createServer } from 'node:http';
import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import { AFLITE_API_KEY, AFLITE_MERCHANT_ID, AVANTLINK_MERCHANT_ID } from '../lib/constants.mjs';

const avantlink = await startFakeAvantLink({ merchantId: AVANTLINK_MERCHANT_ID });
const aflite = await startFakeAflite({ apiKey: AFLITE_API_KEY, merchantId: AFLITE_MERCHANT_ID });

/** The order calls answered 200 whose order number starts with `prefix`, and the repeats among them. */
function orderCalls(prefix) {
  let calls = 0;
  const seen = new Set();
  for (const request of avantlink.requests) {
    if (request.status !== 200 || !/\/tracking\/order\/?$/.test(request.path)) continue;
    const number = String(request.body?.order?.order_number);
    if (!number.startsWith(prefix)) continue;
    calls++;
    seen.add(number);
  }
  return { orderCalls: calls, orderRepeats: calls - seen.size };
}

/** The click calls answered 200 whose avad starts with `prefix`, and their distinct avads. */
function clickCalls(prefix) {
  let calls = 0;
  const seen = new Set();
  for (const request of avantlink.requests) {
    if (request.status !== 200 || !/\/tracking\/click\/?$/.test(request.path)) continue;
    const avad = String(request.body?.tracking_ids?.avantlink_avad);
    if (!avad.startsWith(prefix)) continue;
    calls++;
    seen.add(avad);
  }
  return { clickCalls: calls, clickDistinct: seen.size };
}

const control = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/reset') {
    avantlink.reset();
    aflite.reset();
  }
  if (req.method === 'POST' && url.pathname === '/latency') {
    const ms = Number(url.searchParams.get('ms'));
    avantlink.setRandomFaults(ms > 0 ? { rate: 1, faults: [{ type: 'delay', ms }] } : undefined);
  }
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      clicks: avantlink.clicks.length,
      orders: avantlink.orders.length,
      ...(url.pathname === '/counts' ? orderCalls(url.searchParams.get('prefix') ?? '') : {}),
      ...(url.searchParams.has('clickPrefix') ? clickCalls(url.searchParams.get('clickPrefix')) : {}),
      connections: avantlink.connections(),
      goals: aflite.goals.length,
      errors: aflite.errors.length,
    }),
  );
});
await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));

process.stdout.write(
  `${JSON.stringify({
    avantlink: avantlink.url,
    aflite: aflite.url,
    control: `http://127.0.0.1:${control.address().port}`,
  })}\n`,
);

process.once('SIGTERM', async () => {
  control.close();
  await Promise.all([avantlink.close(), aflite.close()]);
  process.exit(0);
});
