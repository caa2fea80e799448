import { serve } from '@hono/node-server';
import { app } from './app.ts';
import { relay } from './relay.ts';

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' },
  (info) => console.log(`hono shop listening on http://${info.address}:${info.port}`),
);

// Deliver what is pending before exiting (a network that was down gets its orders later otherwise).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void relay.close({ timeoutMs: 5_000 }).then(() => process.exit(0));
  });
}
