import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  beacon,
  collectRequest,
  listen,
  MERCHANT_ID,
  SECRET,
  type TestServer,
} from '../../../test/fixtures/relay';
import { createRelay, type Relay } from '../create-relay';
import type { RelayEvent } from '../events';

/*
 * A shopper who closes the tab while the beacon is still uploading: the body never completes. That is
 * no error of the relay, so it must not be logged as `relay-error` (an internal 500 to a closed socket).
 */

let relay: Relay | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await relay?.close();
  await server?.close();
  relay = server = undefined;
});

function relayLogging(events: RelayEvent[]): Relay {
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: 'http://127.0.0.1:9' },
    cookie: { secret: SECRET },
    logger: (event) => events.push(event),
    delivery: { pollMs: 0 },
  });
  return relay;
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('collect: an upload the client abandons', () => {
  it('over node:http: a collect event with outcome aborted, and no relay-error', async () => {
    const events: RelayEvent[] = [];
    server = await listen(relayLogging(events).collectListener());
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = [
      'POST /affiliate-relay/collect HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Content-Type: text/plain;charset=UTF-8',
      'Content-Length: 4000',
      '',
      '',
    ].join('\r\n');
    socket.write(`${head}{"touches":[`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await until(() => events.some((event) => event.type === 'collect'));
    expect(events.filter((event) => event.type === 'collect')).toEqual([
      { type: 'collect', outcome: 'aborted', status: 400, added: 0 },
    ]);
    expect(events.filter((event) => event.type === 'relay-error')).toEqual([]);
  });

  it('as a Web Request whose body stream fails: aborted, not an internal error', async () => {
    const events: RelayEvent[] = [];
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"touches":['));
        controller.error(new DOMException('The client went away', 'AbortError'));
      },
    });
    const base = collectRequest(beacon());
    const request = new Request(base.url, {
      method: 'POST',
      headers: base.headers,
      body: failing,
      duplex: 'half',
    } as RequestInit);
    const response = await relayLogging(events).handleCollect(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'aborted' });
    expect(events.map((event) => [event.type, (event as { outcome?: string }).outcome])).toEqual([
      ['collect', 'aborted'],
    ]);
  });
});
