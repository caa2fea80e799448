import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeNetwork, FakeResponse } from './types';

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
  /**
   * TCP connections open now, and the most open at once since the server started: what a client
   * holding sockets to a slow network costs (keep-alive connections count while open).
   */
  connections(): { open: number; most: number };
}

/**
 * Serves a fake network over real HTTP: reads each request whole, hands it to the fake, then
 * answers, delays or drops the connection as the fake says.
 *
 * @example
 * const { url, close } = await serveFake(createFakeAvantLink(), { port: 0 });
 */
export async function serveFake(fake: FakeNetwork, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const response = handleSafely(fake, req, Buffer.concat(chunks).toString('utf8'));
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
  let open = 0;
  let most = 0;
  server.on('connection', (socket) => {
    open += 1;
    most = Math.max(most, open);
    socket.once('close', () => {
      open -= 1;
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
    connections: () => ({ open, most }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// A throw in a fake (a bug, or input it did not expect) is a 500 for that request: it must never
// crash the test process that serves it, nor leave the client waiting.
function handleSafely(fake: FakeNetwork, req: IncomingMessage, rawBody: string): FakeResponse {
  try {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    return fake.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      rawBody,
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `The fake network failed: ${name}: ${message}`,
    };
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
