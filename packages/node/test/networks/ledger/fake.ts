import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake Ledger network received, by path. */
export interface LedgerCall {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
}

/**
 * A made-up network, "Ledger", on a real loopback port: `POST /clicks`, `POST /sales` (deduped by
 * `ref`: a second one answers 409), `GET /sales/:ref` (200 when recorded), `POST /refunds`. `failNext`
 * makes the next calls answer 503 (after recording a sale: the ambiguous case a lookup settles).
 */
export async function startLedger() {
  const calls: LedgerCall[] = [];
  const sales = new Map<string, Record<string, unknown>>();
  let failures = 0;
  const server = createServer(async (req, res) => {
    const body = await readJson(req);
    const path = req.url ?? '/';
    calls.push({ method: req.method ?? 'GET', path, body });
    const answer = (status: number, value: unknown = {}) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    if (req.method === 'GET' && path.startsWith('/sales/')) {
      const sale = sales.get(decodeURIComponent(path.slice('/sales/'.length)));
      return sale ? answer(200, sale) : answer(404);
    }
    if (req.method === 'POST' && path === '/sales' && body) {
      const ref = String(body.ref);
      if (sales.has(ref)) return answer(409, { error: 'duplicate ref' });
      sales.set(ref, body);
    }
    if (failures > 0) {
      failures -= 1;
      return answer(503, { error: 'busy' });
    }
    return answer(200, { ok: true });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sales,
    failNext(count: number) {
      failures = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}
