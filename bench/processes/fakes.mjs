// The fake networks of the bench, in their own process so that their work never counts against the
// code under test: the testkit's fake AvantLink and Aflite on 127.0.0.1, plus a control server that
// tells how many clicks, orders and goals they accepted (GET /counts) and forgets them (POST /reset).
// Prints one JSON line when ready: { avantlink, aflite, control } (base URLs).
import { createServer } from 'node:http';
import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';
import { AFLITE_API_KEY, AFLITE_MERCHANT_ID, AVANTLINK_MERCHANT_ID } from '../lib/constants.mjs';

const avantlink = await startFakeAvantLink({ merchantId: AVANTLINK_MERCHANT_ID });
const aflite = await startFakeAflite({ apiKey: AFLITE_API_KEY, merchantId: AFLITE_MERCHANT_ID });

const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    avantlink.reset();
    aflite.reset();
  }
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      clicks: avantlink.clicks.length,
      orders: avantlink.orders.length,
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
