import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { type Networks, startNetworks } from './networks';

let networks: Networks | undefined;
afterEach(async () => {
  await networks?.close();
  networks = undefined;
});

const post = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: '{}',
  })
    .then((response) => response.status)
    .catch(() => 0);

describe('startNetworks', () => {
  it('starts both fakes on loopback by default', async () => {
    networks = await startNetworks(loadConfig({}));
    expect(networks.avantlink).toMatchObject({
      mode: 'fake',
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    expect(networks.aflite).toMatchObject({
      mode: 'fake',
      baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('counts injected faults down as calls use them, and forgets them on reset', async () => {
    networks = await startNetworks(loadConfig({}));
    const { avantlink } = networks;
    avantlink.injectFault('503', 2);
    expect(avantlink.faultsPending()).toBe(2);
    expect(await post(`${avantlink.baseUrl}/anything`)).toBe(503);
    expect(avantlink.faultsPending()).toBe(1);
    avantlink.injectFault('drop', 1);
    expect(await post(`${avantlink.baseUrl}/anything`)).toBe(503);
    expect(await post(`${avantlink.baseUrl}/anything`), 'dropped: no answer').toBe(0);
    expect(avantlink.faultsPending()).toBe(0);
    expect(networks.recorded().map(({ request }) => request.fault)).toEqual(['status', 'status', 'drop']);

    avantlink.injectFault('503', 5);
    networks.reset();
    expect(avantlink.faultsPending()).toBe(0);
    expect(networks.recorded()).toEqual([]);
    expect(await post(`${avantlink.baseUrl}/anything`), 'no fault left after reset').toBe(404);
  });

  it('uses no fake for a network configured as real', async () => {
    networks = await startNetworks(
      loadConfig({
        AVANTLINK_MERCHANT_ID: '0f8fad5b-d9cb-469f-a165-70867728950e',
        AVANTLINK_BASE_URL: 'http://127.0.0.1:9',
        // A real network needs the shop's own cookie secret (the demo's is public).
        COOKIE_SECRET: 'a-cookie-secret-of-at-least-32-characters',
      }),
    );
    expect(networks.avantlink).toMatchObject({
      mode: 'real',
      baseUrl: 'http://127.0.0.1:9',
      fake: undefined,
    });
    expect(() => networks?.avantlink.injectFault('503', 1)).toThrow(/real network/);
    expect(networks.aflite.mode).toBe('fake');
  });
});
