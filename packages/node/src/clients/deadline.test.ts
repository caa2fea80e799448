import { AffiliateRelayError, HttpError, TimeoutError } from '@affiliate-relay/core';
import { createFakeAflite, createFakeAvantLink } from '@affiliate-relay/testkit';
import { afliteHandlers, avantLinkHandlers } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordedRetry } from '../../test/fixtures/recording';
import { AfliteClient } from './aflite/client';
import { AvantLinkClient } from './avantlink/client';

/*
 * A call's `deadline`: the client starts no attempt (which may last timeoutMs), retry or wait that
 * could end after it. The relay passes its lock's expiry, so that no other worker can take the
 * same delivery while this call may still send. Waits are recorded, not slept, so the clock barely
 * moves: a deadline of now + 1.2 × timeoutMs leaves room for one attempt and no more.
 */

const MERCHANT = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
const avantlink = createFakeAvantLink({ merchantId: MERCHANT });
const aflite = createFakeAflite({ apiKey: 'k3y', merchantId: 'm' });
const server = setupServer(...avantLinkHandlers({ fake: avantlink }), ...afliteHandlers({ fake: aflite }));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  avantlink.reset();
  aflite.reset();
});
afterAll(() => server.close());

const TIMEOUT_MS = 1_000;
const GOAL = { clickSessionId: 'abc123', goalId: '1', merchantRef: 'order-1', value: 10 };
const ORDER = { avad: '77_x', order: { orderId: 'order-1', subtotal: 1, currency: 'USD' } };
const roomForOne = () => ({ deadline: Date.now() + 1.2 * TIMEOUT_MS });
const noRoom = () => ({ deadline: Date.now() + 0.5 * TIMEOUT_MS });

function afliteClient() {
  const { retry, sleeps } = recordedRetry();
  return {
    client: new AfliteClient({ apiKey: 'k3y', merchantId: 'm', timeoutMs: TIMEOUT_MS, retry }),
    sleeps,
  };
}

function avantlinkClient() {
  const { retry, sleeps } = recordedRetry();
  return { client: new AvantLinkClient({ merchantId: MERCHANT, timeoutMs: TIMEOUT_MS, retry }), sleeps };
}

describe('Aflite registerGoal with a deadline', () => {
  it('sends nothing when an attempt could end after the deadline, with a transient timeout error', async () => {
    const error = await afliteClient()
      .client.registerGoal(GOAL, noRoom())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AffiliateRelayError);
    // One class per code: a deadline's `timeout` is a TimeoutError like an attempt's.
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', code: 'timeout', timeoutMs: 0 });
    expect(aflite.requests).toEqual([]);
  });

  it('after an ambiguous failure, starts no wait, lookup or resend that would pass it: delivery_ambiguous', async () => {
    aflite.injectFault({ type: 'status', status: 503 });
    const { client, sleeps } = afliteClient();
    const error = await client.registerGoal(GOAL, roomForOne()).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DeliveryAmbiguousError', code: 'delivery_ambiguous' });
    expect((error as Error).message).toContain('ask the goal feed');
    expect(aflite.requests.map((request) => request.path)).toEqual(['/data/register/goal']);
    expect(sleeps).toEqual([]);
  });

  it('with room for the lookup but not the resend, asks the feed and stops before resending', async () => {
    // The feed takes 1.5 s to answer: the resend (up to 2 s) would then end after the 3 s deadline.
    aflite.injectFault({ type: 'status', status: 503 });
    aflite.injectFault({ type: 'delay', ms: 1_500 });
    const { retry } = recordedRetry(0, { baseDelayMs: 10, maxDelayMs: 10 });
    const client = new AfliteClient({ apiKey: 'k3y', merchantId: 'm', timeoutMs: 2_000, retry });
    const error = await client.registerGoal(GOAL, { deadline: Date.now() + 3_000 }).catch((e: unknown) => e);
    // The feed said the goal is not there: the last failure (transient) is thrown, nothing resent.
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503 });
    expect(aflite.requests.map((request) => request.path)).toEqual(['/data/register/goal', '/data/goals']);
    expect(aflite.goals).toEqual([]);
  });

  it('records as before when the deadline leaves room', async () => {
    const result = await afliteClient().client.registerGoal(GOAL, { deadline: Date.now() + 60_000 });
    expect(result).toEqual({ outcome: 'recorded', attempts: 1 });
  });
});

describe('Aflite findGoal with a deadline', () => {
  it('ends its retries when the next one would pass it, with the last answer', async () => {
    aflite.injectFault({ type: 'status', status: 503, times: 3 });
    const { client, sleeps } = afliteClient();
    await expect(client.findGoal('order-1', roomForOne())).rejects.toMatchObject({ status: 503 });
    expect(aflite.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe('AvantLink with a deadline', () => {
  it('trackOrder sends nothing without room for an attempt, and stops retrying with the last failure', async () => {
    const { client, sleeps } = avantlinkClient();
    await expect(client.trackOrder(ORDER, noRoom())).rejects.toMatchObject({
      name: 'TimeoutError',
      code: 'timeout',
    });
    expect(avantlink.requests).toEqual([]);
    avantlink.injectFault({ type: 'status', status: 503, times: 3 });
    await expect(client.trackOrder(ORDER, roomForOne())).rejects.toMatchObject({ status: 503 });
    expect(avantlink.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('refuses a deadline that is no time', async () => {
    const { client } = avantlinkClient();
    await expect(client.trackOrder(ORDER, { deadline: Number.NaN })).rejects.toMatchObject({
      name: 'ConfigError',
    });
  });
});
