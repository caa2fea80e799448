import { describe, expect, it } from 'vitest';
import { serveFake } from './http-server';
import type { FakeNetwork, FakeRequest, FakeResponse } from './types';

/** A fake whose model throws on `/boom` (a bug in a fake) and answers 200 elsewhere. */
function throwingFake(): FakeNetwork {
  return {
    requests: [],
    injectFault: () => undefined,
    clearFaults: () => undefined,
    pendingFaults: 0,
    setRandomFaults: () => undefined,
    onRequest: () => () => undefined,
    reset: () => undefined,
    handle(request: FakeRequest): FakeResponse {
      if (request.path === '/boom') throw new URIError('URI malformed');
      return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
    },
  };
}

describe('serveFake', () => {
  it('answers 500 when the fake throws, instead of crashing the process, and keeps serving', async () => {
    const server = await serveFake(throwingFake());
    try {
      const failed = await fetch(`${server.url}/boom`, { method: 'POST', body: '{}' });
      expect(failed.status).toBe(500);
      expect(await failed.text()).toContain('URIError');
      const next = await fetch(`${server.url}/fine`);
      expect(next.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
