import { app } from './app.ts';
import { relay } from './relay.ts';

const url = await app.listen({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`fastify shop listening on ${url}`);

// Deliver what is pending before exiting (a network that was down gets its orders later otherwise).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => relay.close({ timeoutMs: 5_000 }))
      .then(() => process.exit(0));
  });
}
