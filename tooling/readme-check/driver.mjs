// Runs one README block, copied into a project outside the workspace that installed the packed tarballs, against
// the testkit's fake AvantLink and fake Aflite on 127.0.0.1, and checks what it did:
//   node driver.mjs server <file>   the block is a server (listens on PORT): a browser's AvantLink beacon to
//                                   /affiliate-relay/collect, then two checkouts (POST /checkout) with the cookie;
//                                   the fake AvantLink must have the click and two different orders.
//   node driver.mjs script <file>   the block runs to completion and exits 0.
//   node driver.mjs service <file>  the block runs until stopped: it must still run after 3 s.
// The block gets the environment variables every README, example and the demo use (README, "Environment").
// Exits 0 when the block did what the README says, else 1 with the block's output.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { startFakeAflite, startFakeAvantLink } from '@affiliate-relay/testkit';

const [mode, file] = process.argv.slice(2);
const MERCHANT_ID = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const AFLITE = { apiKey: 'readme-aflite-key', merchantId: 'readme-merchant', goalId: '1' };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function eventually(check, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
const aflite = await startFakeAflite({ apiKey: AFLITE.apiKey, merchantId: AFLITE.merchantId });
const port = await freePort();
const env = {
  ...process.env,
  PORT: String(port),
  COOKIE_SECRET: 'readme-check-cookie-secret-of-32-characters-or-more',
  COOKIE_INSECURE: '1',
  AVANTLINK_MERCHANT_ID: MERCHANT_ID,
  AVANTLINK_BASE_URL: avantlink.url,
  AFLITE_API_KEY: AFLITE.apiKey,
  AFLITE_MERCHANT_ID: AFLITE.merchantId,
  AFLITE_GOAL_ID: AFLITE.goalId,
  AFLITE_BASE_URL: aflite.url,
};
const child = spawn(process.execPath, ['--import', './guard.mjs', '--import', 'tsx', file], {
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (chunk) => (output += chunk));
child.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));

async function driveServer() {
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  void exited.then(() => (gone = true));
  await eventually(async () => {
    if (gone) throw new Error('the server exited before it listened');
    return fetch(url).then(
      () => true,
      () => false,
    );
  }, `the server to listen on ${url}`);
  const source = readFileSync(file, 'utf8');
  if (source.includes("'/affiliate-relay.global.js'")) {
    const script = await fetch(`${url}/affiliate-relay.global.js`);
    const text = await script.text();
    if (script.status !== 200 || !text.includes('AffiliateRelay'))
      throw new Error(`GET /affiliate-relay.global.js answered ${script.status}, not the script`);
  }
  const landingUrl = `${url}/?avad=77_f3afbe121`;
  const beacon = await fetch(`${url}/affiliate-relay/collect`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      origin: url,
      'user-agent': 'Mozilla/5.0 readme-check',
    },
    body: JSON.stringify({
      touches: [
        { network: 'avantlink', clickId: '77_f3afbe121', capturedAt: Date.now() - 1_000, landingUrl },
      ],
      visitorId: 'vis_readme01',
      pageUrl: landingUrl,
      referrer: 'https://blog.example/',
    }),
  });
  if (beacon.status !== 204) throw new Error(`the beacon got ${beacon.status}: ${await beacon.text()}`);
  const cookie = beacon.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie.includes('ar_attr=')) throw new Error(`the beacon set no ar_attr cookie (got "${cookie}")`);
  await eventually(() => avantlink.clicks.length === 1, 'the click at the fake AvantLink');
  let lastCheckout = '';
  for (const n of [1, 2]) {
    const checkout = await fetch(`${url}/checkout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie,
        origin: url,
        'user-agent': 'Mozilla/5.0 readme-check',
      },
      body: JSON.stringify({ items: [{ sku: 'TENT', price: 100, quantity: 1 }] }),
    });
    const text = await checkout.text();
    if (checkout.status !== 200) throw new Error(`checkout ${n} answered ${checkout.status}: ${text}`);
    lastCheckout = text;
  }
  if (!/"avantlink":\{"status":"sent"/.test(lastCheckout))
    throw new Error(`the last checkout did not say AvantLink was sent: ${lastCheckout}`);
  const numbers = avantlink.orders.map((o) => o.order.order_number);
  if (numbers.length !== 2 || numbers[0] === numbers[1])
    throw new Error(`the fake AvantLink should have two different orders, has ${JSON.stringify(numbers)}`);
}

let failure;
try {
  if (mode === 'server') await driveServer();
  else if (mode === 'service') {
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(resolve, 3_000, 'running')),
    ]);
    if (code !== 'running') throw new Error(`the block exited with ${code} instead of running`);
  } else {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the block exited with ${code}`);
  }
} catch (error) {
  failure = error;
} finally {
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  child.kill('SIGKILL');
  await avantlink.close();
  await aflite.close();
}
if (failure) {
  console.error(`${failure.message}\n--- the block's output ---\n${output}`);
  process.exit(1);
}
if (/readme-check: blocked/.test(output)) {
  console.error(`the block reached past loopback:\n${output}`);
  process.exit(1);
}
process.exit(0);
