import type { AddressInfo } from 'node:net';
import { app } from './app.ts';
import { relay } from './relay.ts';

const server = app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(`shopify app listening on http://${address}:${port}`);
});

// Deliver what is pending before exiting (a network that was down gets its orders later otherwise).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void relay.close({ timeoutMs: 5_000 }).then(() => process.exit(0));
  });
}
