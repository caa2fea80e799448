import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beacon, collectRequest, MERCHANT_ID, SECRET } from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import { createRelay } from './create-relay';

const server = setupServer(
  http.post('https://client.avantlink.com/*', async () => {
    await delay(300);
    return HttpResponse.json({ success: true });
  }),
);

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

describe('createRelay', () => {
  it('gives methods that work unbound', async () => {
    const { handleCollect, attributionFrom, close } = createRelay({
      avantlink: { merchantId: MERCHANT_ID },
      cookie: { secret: SECRET },
      store: createMemoryStore(),
    });
    const response = await handleCollect(collectRequest(beacon()));
    expect(response.status).toBe(204);
    expect((await attributionFrom(response.headers.getSetCookie()[0]!.split(';')[0]!)).source).toBe(
      'server-cookie',
    );
    await close();
  });

  it('flush() never hangs: it reports that time ran out, and completes later', async () => {
    const relay = createRelay({
      avantlink: { merchantId: MERCHANT_ID },
      cookie: { secret: SECRET },
      store: createMemoryStore(),
    });
    await relay.handleCollect(collectRequest(beacon()));
    expect(await relay.flush({ timeoutMs: 1 })).toEqual({ completed: false });
    expect(await relay.close({ timeoutMs: 5_000 })).toEqual({ completed: true });
  });

  it('flush() with nothing under way completes at once', async () => {
    const relay = createRelay({
      avantlink: { merchantId: MERCHANT_ID },
      cookie: { secret: SECRET },
      store: createMemoryStore(),
    });
    expect(await relay.flush()).toEqual({ completed: true });
    await relay.close();
  });
});
