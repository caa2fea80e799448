import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createConnections } from './connections';
import { fetchOn, SPEC_OPTION, textOf } from './node-fetch';

const servers: Server[] = [];
const connections = createConnections(2)!;
afterAll(() => connections.close());
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

describe('fetchOn (ky’s fetch on the capped node:http sockets)', () => {
  it('sends a Request as formed: method, headers and body', async () => {
    let seen: { method?: string; type?: string; body?: string } = {};
    const url = await serve(async (req, res) => {
      seen = { method: req.method, type: req.headers['content-type'], body: await bodyOf(req) };
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const fetch = fetchOn(connections);
    const response = await fetch(
      new Request(`${url}/order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":1}',
      }),
    );
    expect(seen).toEqual({ method: 'POST', type: 'application/json', body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('sends the spec handed in its options rather than reading the Request again', async () => {
    let body = '';
    const url = await serve(async (req, res) => {
      body = await bodyOf(req);
      res.end('done');
    });
    const spec = { method: 'POST' as const, url, headers: {}, body: 'from the spec' };
    const response = await fetchOn(connections)(new Request(url, { method: 'POST', body: 'x' }), {
      [SPEC_OPTION]: spec,
    } as RequestInit);
    expect(body).toBe('from the spec');
    expect(textOf(response)).toBe('done');
    expect(response.body, 'the text is kept aside, not made into a stream').toBeNull();
  });

  it('answers a 204 with no body, keeps repeated headers, and never follows a redirect', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/moved') res.writeHead(302, { location: '/elsewhere' }).end();
      else
        res
          .writeHead(204, [
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
          ])
          .end();
    });
    const fetch = fetchOn(connections);
    const empty = await fetch(url);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(empty.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const moved = await fetch(`${url}/moved`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('/elsewhere');
  });

  it('is one function per set of connections', () => {
    expect(fetchOn(connections)).toBe(fetchOn(connections));
  });
});
