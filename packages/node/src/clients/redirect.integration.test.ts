import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from '@affiliate-relay/core';
import { afterEach, describe, expect, it } from 'vitest';
import { recordedRetry } from '../../test/fixtures/recording';
import { AfliteClient } from './aflite/client';
import { AvantLinkClient } from './avantlink/client';

/*
 * A network (or a proxy before it) that answers with a redirect, e.g. http → https. Followed, a
 * 301/302 turns the POST into a GET without its form (Aflite's 200 page then read as "recorded"),
 * and in GET mode a redirect to another origin would carry the API key there. Never followed.
 */

const API_KEY = 'k3y-Redirect-Test';
const servers: Server[] = [];

/** A loopback server that records each request and answers what `answer` says. */
async function serve(answer: (path: string) => { status: number; headers?: Record<string, string> }) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${body}`);
      const { status, headers = {} } = answer(req.url ?? '/');
      res.writeHead(status, { 'content-type': 'text/html', ...headers });
      res.end('<html>moved</html>');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const GOAL = { clickSessionId: 'abc', goalId: '1', merchantRef: 'o-1', value: 10 };

describe('a redirect is never followed', () => {
  it('Aflite: a 301 on register/goal is a final HttpError naming the Location; nothing else is asked', async () => {
    const target = await serve(() => ({ status: 200 }));
    const aflite = await serve(() => ({
      status: 301,
      headers: { location: `${target.url}/moved/data/register/goal` },
    }));
    const client = new AfliteClient({
      apiKey: API_KEY,
      merchantId: 'm',
      baseUrl: aflite.url,
      retry: recordedRetry().retry,
    });
    const error = await client.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 301 });
    expect((error as Error).message).toContain(`redirect to ${target.url}/moved/data/register/goal`);
    // No goal-feed lookup, no resend: the redirect answered the request, nothing was recorded.
    expect(aflite.seen.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'POST /data/register/goal',
    ]);
    expect(target.seen).toEqual([]);
  });

  it('Aflite in GET mode: a redirect to another origin never receives the API key, and the Location is redacted', async () => {
    const elsewhere = await serve(() => ({ status: 200 }));
    const aflite = await serve((path) => ({ status: 302, headers: { location: `${elsewhere.url}${path}` } }));
    const client = new AfliteClient({
      apiKey: API_KEY,
      merchantId: 'm',
      baseUrl: aflite.url,
      method: 'GET',
      retry: recordedRetry().retry,
    });
    const error = (await client.registerGoal(GOAL).catch((e: unknown) => e)) as HttpError;
    expect(error).toMatchObject({ name: 'HttpError', status: 302 });
    expect(elsewhere.seen).toEqual([]);
    expect(error.message).toContain('apikey=[REDACTED]');
    expect(JSON.stringify({ message: error.message, body: error.body })).not.toContain(API_KEY);
    await expect(client.findGoal('o-1')).rejects.toMatchObject({ status: 302 });
    expect(elsewhere.seen).toEqual([]);
  });

  it('AvantLink: a 308 on tracking/order is a final HttpError, not retried, the target never asked', async () => {
    const target = await serve(() => ({ status: 200 }));
    const avantlink = await serve((path) => ({ status: 308, headers: { location: `${target.url}${path}` } }));
    const { retry, sleeps } = recordedRetry();
    const client = new AvantLinkClient({
      merchantId: '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91',
      baseUrl: avantlink.url,
      retry,
    });
    const order = { avad: '77_x', order: { orderId: '1', subtotal: 1, currency: 'USD' } };
    const error = await client.trackOrder(order).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HttpError', status: 308 });
    expect((error as Error).message).toContain(`redirect to ${target.url}/merchants/`);
    expect(avantlink.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(target.seen).toEqual([]);
  });
});
