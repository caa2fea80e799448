import { TimeoutError } from '@affiliate-relay/core';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MERCHANT_ID } from '../../test/fixtures/relay';
import { AvantLinkClient } from './avantlink/client';

/*
 * The sockets a client holds to a network, counted where they end: at a fake AvantLink on a real
 * loopback port. A hung network must cost at most `maxSockets` of them, and a cut attempt must close
 * its socket then, not when a keep-alive timer gets to it.
 */

const fakes: FakeAvantLinkServer[] = [];
const clients: AvantLinkClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function hungAvantLink(): Promise<FakeAvantLinkServer> {
  const fake = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  fakes.push(fake);
  fake.setRandomFaults({ rate: 1, faults: [{ type: 'delay', ms: 3_600_000 }] });
  return fake;
}

function clientOf(
  fake: FakeAvantLinkServer,
  options: { maxSockets?: number; fetch?: typeof fetch; timeoutMs?: number } = {},
) {
  const client = new AvantLinkClient({
    merchantId: MERCHANT_ID,
    baseUrl: fake.url,
    timeoutMs: 300,
    retry: { maxAttempts: 1 },
    ...options,
  });
  clients.push(client);
  return client;
}

const click = (i: number) => ({
  avad: `77_sock${i}`,
  visitorIds: ['vis_3f2c1a97'],
  userAgent: 'Mozilla/5.0',
  currentUrl: `http://127.0.0.1/?avad=77_sock${i}`,
});

describe('the sockets of a client', () => {
  it('holds at most maxSockets to a hung network: the calls past the cap wait, never sent', async () => {
    const fake = await hungAvantLink();
    const client = clientOf(fake, { maxSockets: 3, timeoutMs: 60_000 });
    // One signal cuts all nine at once (a time limit each would cut them one by one, and a call that
    // got a freed socket before its own limit would rightly be sent).
    const stop = new AbortController();
    const calls = Array.from({ length: 9 }, (_, i) =>
      client.trackClick(click(i), { signal: stop.signal }).catch((e: unknown) => e),
    );
    await vi.waitFor(() => expect(fake.requests).toHaveLength(3), { timeout: 5_000, interval: 10 });
    // Three hang at the fake; the other six wait for a socket, however long that takes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.requests).toHaveLength(3);
    stop.abort();
    const errors = await Promise.all(calls);
    for (const error of errors) expect(error).toBeInstanceOf(TimeoutError);
    // `most` counts each connection as it is accepted, so a moment over the cap would show.
    expect(fake.connections().most).toBe(3);
    // Closed by the cut, not left to a keep-alive timeout (4 s or more).
    await vi.waitFor(() => expect(fake.connections().open).toBe(0), { timeout: 1_500, interval: 10 });
    expect(fake.requests).toHaveLength(3);
  });

  it('closes a socket when its attempt times out, not when a keep-alive timer gets to it', async () => {
    const fake = await hungAvantLink();
    const client = clientOf(fake, { maxSockets: 3, timeoutMs: 300 });
    const errors = await Promise.all(
      Array.from({ length: 3 }, (_, i) => client.trackClick(click(i)).catch((e: unknown) => e)),
    );
    for (const error of errors) expect(error).toBeInstanceOf(TimeoutError);
    expect(fake.connections().most).toBeLessThanOrEqual(3);
    await vi.waitFor(() => expect(fake.connections().open).toBe(0), { timeout: 1_500, interval: 10 });
  });

  it('reuses its sockets for calls one after another, and close() closes them', async () => {
    const fake = await startFakeAvantLink({ merchantId: MERCHANT_ID });
    fakes.push(fake);
    const client = clientOf(fake, { maxSockets: 2 });
    for (let i = 0; i < 5; i += 1) await client.trackClick(click(i));
    expect(fake.clicks).toHaveLength(5);
    expect(fake.connections()).toEqual({ open: 1, most: 1 });
    client.close();
    await vi.waitFor(() => expect(fake.connections().open).toBe(0), { timeout: 1_500, interval: 10 });
    // A call after close() opens a new socket.
    await client.trackClick(click(5));
    expect(fake.clicks).toHaveLength(6);
  });

  it('frees the socket of a failed call for the next one (a refused connection, a dropped one)', async () => {
    const fake = await startFakeAvantLink({ merchantId: MERCHANT_ID });
    fakes.push(fake);
    const client = clientOf(fake, { maxSockets: 1, timeoutMs: 2_000 });
    for (let i = 0; i < 3; i += 1) fake.injectFault({ type: 'drop' });
    for (let i = 0; i < 3; i += 1) {
      await expect(client.trackClick(click(i))).rejects.toMatchObject({ name: 'NetworkError', sent: true });
    }
    await client.trackClick(click(3));
    expect(fake.clicks).toHaveLength(1);
    const { url } = fake;
    await fake.close();
    fakes.splice(fakes.indexOf(fake), 1);
    const refused = new AvantLinkClient({
      merchantId: MERCHANT_ID,
      baseUrl: url,
      maxSockets: 1,
      retry: { maxAttempts: 1 },
    });
    clients.push(refused);
    for (let i = 0; i < 3; i += 1) {
      await expect(refused.trackClick(click(i))).rejects.toMatchObject({ name: 'NetworkError', sent: false });
    }
  });

  it('sends through a fetch of its own, whose sockets maxSockets does not cap', async () => {
    const fake = await hungAvantLink();
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const client = clientOf(fake, { maxSockets: 1, fetch: counting, timeoutMs: 1_000 });
    await Promise.all([0, 1, 2].map((i) => client.trackClick(click(i)).catch(() => undefined)));
    expect(most).toBe(3);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(3), { timeout: 3_000, interval: 10 });
  });

  it('refuses a maxSockets that is not a whole number, 1 or more', async () => {
    const fake = await hungAvantLink();
    for (const maxSockets of [0, 1.5, -1, Number.NaN]) {
      expect(() => clientOf(fake, { maxSockets })).toThrow(/maxSockets must be a whole number/);
    }
  });
});
