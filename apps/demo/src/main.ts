import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { DemoApp } from './app';
import { type DemoConfig, DemoConfigError, loadConfig } from './config';
import { startHostedCheckout } from './hosted/hosted-checkout';
import { browserScriptPath } from './http/static-files';
import { afliteLanding, avantlinkLanding } from './landing-links';
import { type Networks, startNetworks } from './networks';
import { createDemoServer } from './server';

/*
 * `pnpm --filter @affiliate-relay/demo run demo`: starts the fake networks (unless real ones are
 * configured), the relay and the storefront, then prints where everything is. Secrets are never
 * printed: not the Aflite key, not the cookie secret.
 */

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const script = browserScriptPath();
  if (!script || !existsSync(script)) {
    throw new DemoConfigError(
      'The script-tag build of @affiliate-relay/browser is missing: build the packages first (bash scripts/demo.sh does).',
    );
  }
  const networks = await startNetworks(config);
  // Another origin: the same host on its own port (DEMO_HOSTED_PORT, default any free one).
  const hosted = await startHostedCheckout({
    host: config.host,
    port: Number(process.env.DEMO_HOSTED_PORT ?? 0),
  });
  const app = new DemoApp(config, networks, hosted);
  const server = createDemoServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  app.origin = `http://${config.host}:${port}`;
  console.log(banner(app.origin, config, networks, hosted.url));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping: delivering what is pending, then closing.');
    server.closeAllConnections();
    server.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function banner(origin: string, config: DemoConfig, networks: Networks, hostedUrl: string): string {
  const avantlink =
    networks.avantlink.mode === 'fake'
      ? `fake on ${networks.avantlink.baseUrl} (no account needed)`
      : `REAL at ${networks.avantlink.baseUrl}, merchant …${config.avantlink.merchantId.slice(-4)} (its UUID is its API credential)`;
  const aflite =
    networks.aflite.mode === 'fake'
      ? `fake on ${networks.aflite.baseUrl} (no account needed)`
      : `REAL at ${networks.aflite.baseUrl}, merchant ${config.aflite.merchantId}, goal ${config.aflite.goalId}`;
  const trace = config.aflite.traceOnly
    ? ' · traceOnly on: nothing is recorded (AFLITE_TRACE_ONLY=0 turns it off)'
    : '';
  return [
    '',
    '  affiliate-relay demo',
    '',
    `  Storefront    ${origin}/`,
    `  QA console    ${origin}/qa`,
    `  Hosted checkout (another origin, for checkouts that end in a webhook) ${hostedUrl}`,
    '',
    '  Affiliate landing links (open one, shop, check out, then watch the console):',
    `    AvantLink   ${avantlinkLanding(origin, undefined, 'ridgeline-2-tent')}`,
    `    Aflite      ${afliteLanding(origin, undefined, 'packs')}`,
    '',
    '  Networks',
    `    AvantLink   ${avantlink}`,
    `    Aflite      ${aflite}${trace}`,
    config.demoSecret
      ? '  Cookie secret: the built-in development secret, demo only (set COOKIE_SECRET for anything real)'
      : '  Cookie secret: from COOKIE_SECRET',
    '',
    '  Ctrl+C stops the demo.',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  if (error instanceof DemoConfigError) {
    console.error(`demo: ${error.message} See apps/demo/README.md.`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error('demo: the port is in use. Set DEMO_PORT to another port (or 0 for any free one).');
  } else {
    console.error('demo: could not start:', error);
  }
  process.exit(1);
});
