// After a failure, what is resent and what is looked up first: the rules that keep an mref unique at Aflite.
import { AffiliateRelayError, DeliveryAmbiguousError, HttpError, NetworkError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { API_KEY, client, GOAL, MID, useFakeAflite, WIRE } from '../../../test/fixtures/aflite-client';
import { recordedLogger, recordedRetry } from '../../../test/fixtures/recording';
import { AfliteClient } from './client';

const aflite = useFakeAflite();
const paths = () => aflite.requests.map((r) => r.path);

describe('AfliteClient never resends a goal blindly', () => {
  it('throws an HttpError for a rejected goal and does not retry it', async () => {
    aflite.injectFault({ type: 'status', status: 400, body: 'Goal ID is missing', times: 3 });
    const { client: c, sleeps } = client();
    const error = await c.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, body: 'Goal ID is missing' });
    expect(paths()).toEqual(['/data/register/goal']);
    expect(sleeps).toEqual([]);
  });

  it('rejects a wrong API key without retrying', async () => {
    await expect(client({ apiKey: 'wrong-key' }).client.registerGoal(GOAL)).rejects.toMatchObject({
      status: 401,
    });
    expect(paths()).toEqual(['/data/register/goal']);
  });

  it('on a FIRST send reads "Merchant Reference Must be Unique" as ambiguous, never as recorded, and never resends', async () => {
    await client().client.registerGoal(GOAL);
    const error = await client()
      .client.registerGoal(GOAL)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryAmbiguousError);
    expect(error).toMatchObject({ code: 'delivery_ambiguous', cause: { status: 409 } });
    expect(paths()).toEqual(['/data/register/goal', '/data/register/goal']);
    expect(aflite.goals).toHaveLength(1);
  });

  it('after a 5xx asks the goal feed, and resends only when the goal is not there', async () => {
    aflite.injectFault({ type: 'status', status: 503 });
    const { client: c, sleeps } = client();
    expect(await c.registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 2 });
    expect(paths()).toEqual(['/data/register/goal', '/data/goals', '/data/register/goal']);
    expect(sleeps).toEqual([450]);
    expect(aflite.goals).toHaveLength(1);
  });

  it('after a timeout on a goal that arrived, finds it and does not resend', async () => {
    aflite.injectFault({ type: 'delay', ms: 1_000 });
    const { client: c } = client({ timeoutMs: 50 });
    expect(await c.registerGoal(GOAL)).toEqual({ outcome: 'already-recorded', attempts: 1 });
    expect(paths()).toEqual(['/data/register/goal', '/data/goals']);
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.errors).toEqual([]);
  });

  it('after a dropped connection that never arrived, looks, then resends', async () => {
    aflite.injectFault({ type: 'drop' });
    expect(await client().client.registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 2 });
    expect(paths()).toEqual(['/data/register/goal', '/data/goals', '/data/register/goal']);
  });

  it('retries a refused connection at once, without asking the feed (it provably never left)', async () => {
    let calls = 0;
    const refusingOnce: typeof fetch = (input, init) => {
      calls += 1;
      if (calls === 1) {
        const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return Promise.reject(new TypeError('fetch failed', { cause }));
      }
      return fetch(input, init);
    };
    const { client: c, sleeps } = client({ fetch: refusingOnce });
    expect(await c.registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 2 });
    expect(paths()).toEqual(['/data/register/goal']);
    expect(sleeps).toEqual([450]);
  });

  it('throws a NetworkError{sent:false} when every connection is refused', async () => {
    const refusing: typeof fetch = () =>
      Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }),
      );
    const { client: c, sleeps } = client({ fetch: refusing });
    const error = await c.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).sent).toBe(false);
    expect(sleeps).toHaveLength(3);
  });

  it('after a Retry-After beyond maxRetryAfterMs asks the feed, then throws the answer with retryAfterMs', async () => {
    aflite.injectFault({ type: 'status', status: 503, retryAfterSeconds: 3_600 });
    const { client: c } = client();
    const error = await c.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 3_600_000 });
    expect(paths()).toEqual(['/data/register/goal', '/data/goals']);
  });

  it('honours Retry-After before asking the feed', async () => {
    aflite.injectFault({ type: 'status', status: 429, retryAfterSeconds: 3 });
    const { client: c, sleeps } = client();
    expect(await c.registerGoal(GOAL)).toMatchObject({ outcome: 'recorded', attempts: 2 });
    expect(sleeps).toEqual([3_000]);
  });

  it('when retries run out, still asks the feed after the last failure, then throws it', async () => {
    // Faults apply to the next requests whatever they are: arm each 503 for a register call only.
    aflite.injectFault({ type: 'status', status: 503 });
    const stop = aflite.onRequest((r) => {
      if (r.path === '/data/goals') aflite.injectFault({ type: 'status', status: 503 });
    });
    const c = new AfliteClient({
      apiKey: API_KEY,
      merchantId: MID,
      retry: recordedRetry(0.5, { maxAttempts: 2 }).retry,
    });
    await expect(c.registerGoal(GOAL)).rejects.toMatchObject({ name: 'HttpError', status: 503 });
    expect(paths()).toEqual(['/data/register/goal', '/data/goals', '/data/register/goal', '/data/goals']);
    stop();
  });

  it('throws delivery_ambiguous when the feed cannot be asked after an ambiguous failure', async () => {
    aflite.injectFault({ type: 'delay', ms: 1_000 });
    aflite.injectFault({ type: 'status', status: 500, times: 4 });
    const { events, logger } = recordedLogger();
    const error = await client({ timeoutMs: 50, logger })
      .client.registerGoal(GOAL)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AffiliateRelayError);
    expect((error as AffiliateRelayError).code).toBe('delivery_ambiguous');
    expect(paths()).toEqual([
      '/data/register/goal',
      '/data/goals',
      '/data/goals',
      '/data/goals',
      '/data/goals',
    ]);
    expect(aflite.goals).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      operation: 'register-goal',
      error: { code: 'delivery_ambiguous' },
    });
  });

  it('in traceOnly mode resends without asking the feed (nothing is recorded)', async () => {
    aflite.injectFault({ type: 'status', status: 502 });
    expect(await client().client.registerGoal({ ...GOAL, traceOnly: true })).toMatchObject({ attempts: 2 });
    expect(paths()).toEqual(['/data/register/goal', '/data/register/goal']);
  });

  it('logs the lookup and the retry, with the API key redacted', async () => {
    aflite.injectFault({ type: 'status', status: 503 });
    const { events, logger } = recordedLogger();
    await client({ logger }).client.registerGoal(GOAL);
    expect(events.map((e) => `${e.type}:${'operation' in e ? e.operation : ''}`)).toEqual([
      'request:register-goal',
      'response:register-goal',
      'request:find-goal',
      'response:find-goal',
      'retry:register-goal',
      'request:register-goal',
      'response:register-goal',
    ]);
    expect(events[0]).toMatchObject({ body: { ...WIRE, apikey: '[REDACTED]' } });
    expect(events[4]).toMatchObject({
      reason:
        'HttpError: Aflite data/register/goal answered 503: Injected fault: HTTP 503; goal feed does not show it',
    });
  });
});

describe('AfliteClient after an answer it does not recognise', () => {
  it('200 "ERROR: Invalid API key": asks the goal feed, fails for good, sends the goal once', async () => {
    aflite.injectFault({ type: 'status', status: 200, body: 'ERROR: Invalid API key' });
    const { events, logger } = recordedLogger();
    const { client: c } = client({ logger });
    const error = await c.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 200, body: 'ERROR: Invalid API key' });
    expect((error as Error).message).toMatch(/ERROR: Invalid API key/);
    expect((error as Error).message).toMatch(/goal feed does not show/);
    expect(paths()).toEqual(['/data/register/goal', '/data/goals']);
    expect(events.some((e) => e.type === 'error')).toBe(true);
  });

  it('is recorded when the goal feed shows the goal', async () => {
    // The feed holds the goal (recorded by a first call); the second answer is text the client does not know.
    await client().client.registerGoal(GOAL);
    aflite.injectFault({ type: 'status', status: 200, body: 'Goal saved, thank you' });
    const { client: c } = client();
    expect(await c.registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 1 });
    expect(paths()).toEqual(['/data/register/goal', '/data/register/goal', '/data/goals']);
  });

  it('fails for good, without resending, when the goal feed cannot be asked', async () => {
    aflite.injectFault({ type: 'status', status: 200, body: '' });
    aflite.injectFault({ type: 'status', status: 401, body: 'API key is invalid' });
    const { client: c } = client();
    const error = await c.registerGoal(GOAL).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 200 });
    expect((error as Error).message).toMatch(/goal feed could not be asked/);
    expect(paths()).toEqual(['/data/register/goal', '/data/goals']);
  });
});
