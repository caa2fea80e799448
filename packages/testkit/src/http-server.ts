import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeNetwork } from './types';

/** Where a fake server listens. */
export interface ServeOptions {
  /** Interface to bind. Default: `'127.0.0.1'` (loopback only). */
  host?: string;
  /** Port. Default: 0 (a free random port). */
  port?: number;
}

/** A running fake server. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Stops listening, drops open connections and pending delayed answers. */
  close(): Promise<void>;
}

/**
 * Serves a fake network over real HTTP: reads each request whole, hands it to the fake, then
 * answers, delays or drops the connection as the fake says.
 *
 * @example
 * const { url, close } = await serveFake(createAvantLinkFake(), { port: 0 });
 */
export async function serveFake(fake: FakeNetwork, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const response = fake.handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flattenHeaders(req.headers),
        rawBody: Buffer.concat(chunks).toString('utf8'),
      });
      if (response.drop) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(response.status, response.headers);
        res.end(response.body);
      };
      if (!response.delayMs) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, response.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
