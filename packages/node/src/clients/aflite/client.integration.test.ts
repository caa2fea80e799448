import { createServer } from 'node:net';
import { NetworkError } from '@affiliate-relay/core';
import { type FakeAfliteServer, startFakeAflite } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordedRetry } from '../../../test/fixtures/recording';
import { AfliteClient } from './client';

const API_KEY = 'integration-key-1';
const MID = 'm-77';
let aflite: FakeAfliteServer;

beforeAll(async () => {
  aflite = await startFakeAflite({ apiKey: API_KEY, merchantId: MID });
});
afterEach(() => aflite.reset());
afterAll(() => aflite.close());

function client(options: { method?: 'GET' | 'POST'; timeoutMs?: number; baseUrl?: string } = {}) {
  return new AfliteClient({
    apiKey: API_KEY,
    merchantId: MID,
    baseUrl: aflite.url,
    retry: recordedRetry().retry,
    ...options,
  });
}

const GOAL = { clickSessionId: 'cs-991', goalId: '3', merchantRef: 'ORD-1001', value: 10.99 };

describe('AfliteClient against the fake Aflite server', () => {
  it.each(['POST', 'GET'] as const)('registers a goal with %s', async (method) => {
    expect(await client({ method }).registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 1 });
    expect(aflite.goals).toEqual([
      {
        mid: MID,
        clickSessionID: 'cs-991',
        goalid: '3',
        mref: 'ORD-1001',
        value: '10.99',
        at: expect.any(Number),
      },
    ]);
    expect(aflite.requests[0]).toMatchObject({
      method,
      path: '/data/register/goal',
      status: 200,
      response: 'OK',
    });
    expect(await client({ method }).findGoal('ORD-1001')).toMatchObject({
      merchantRef: 'ORD-1001',
      value: '10.99',
    });
  });

  it('after a timeout on a goal that Aflite recorded, does not send it again: Aflite holds one goal', async () => {
    aflite.injectFault({ type: 'delay', ms: 2_000 });
    const result = await client({ timeoutMs: 150 }).registerGoal(GOAL);
    expect(result).toEqual({ outcome: 'already-recorded', attempts: 1 });
    expect(aflite.requests.filter((r) => r.path === '/data/register/goal')).toHaveLength(1);
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.errors).toEqual([]);
  });

  it('a reused mref on a first send is answered as unique-violation and is delivery_ambiguous, not recorded', async () => {
    await client().registerGoal(GOAL);
    await expect(client().registerGoal(GOAL)).rejects.toMatchObject({
      name: 'DeliveryAmbiguousError',
      code: 'delivery_ambiguous',
    });
    expect(aflite.requests[1]).toMatchObject({ status: 409, response: 'Merchant Reference Must be Unique' });
    expect(aflite.goals).toHaveLength(1);
  });

  it('reports a refused connection as a NetworkError that was never sent', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await client({ baseUrl: `http://127.0.0.1:${port}` })
      .registerGoal(GOAL)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: false, cause: { code: 'ECONNREFUSED' } });
  });
});
