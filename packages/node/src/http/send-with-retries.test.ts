// The one retry loop, on its own: what each client call relies on (attempts, waits, the check before a
// resend, the deadline and the signal), against a real loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, TimeoutError } from '@affiliate-relay/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CallContext } from './call';
import { type ClientEvent, createEventEmitter } from './events';
import { createTransport } from './options';
import { type RetryOptions, resolveRetryPolicy } from './retry-policy';
import {
  type AttemptOutcome,
  type AttemptVerdict,
  readIdempotent,
  sendWithRetries,
} from './send-with-retries';

const servers: Server[] = [];
const transport = createTransport({ timeoutMs: 2_000 }, 'test');
afterAll(() => transport.connections?.close());
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server answering the given statuses in turn (the last one ever after); counts its requests. */
async function answering(...statuses: number[]) {
  const seen = { requests: 0 };
  const server = createServer((_req, res) => {
    const status = statuses[Math.min(seen.requests, statuses.length - 1)] ?? 200;
    seen.requests += 1;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`answer ${status}`);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  return { spec: { method: 'POST' as const, url, headers: {}, body: 'x' }, seen };
}

function setup(retry: RetryOptions = {}, call: Partial<CallContext> = {}) {
  const events: ClientEvent[] = [];
  const sleeps: number[] = [];
  const policy = resolveRetryPolicy({
    baseDelayMs: 100,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...retry,
  });
  const context: CallContext = {
    network: 'avantlink',
    operation: 'test',
    events: createEventEmitter((event) => events.push(event)),
    transport,
    ...call,
  };
  return { policy, context, events, sleeps };
}

// A call that may not be repeated blindly: a 503 is resent only after `ask` said it did not arrive.
function checkedRead(asked: string[], answer: () => { done: string } | { note: string }) {
  return (outcome: AttemptOutcome, n: number): AttemptVerdict<string> => {
    if ('error' in outcome) return { fail: outcome.error };
    const { status } = outcome.result;
    if (status < 300) return { done: `sent after ${n}` };
    const failure = new HttpError(status, '', `answered ${status}`);
    const ask = async () => {
      asked.push(`ask after ${n}`);
      return answer();
    };
    return { failure, reason: `HTTP ${status}`, beforeResend: { ask, unasked: new Error('not asked') } };
  };
}

describe('sendWithRetries', () => {
  it('retries a retryable status with the backoff, then answers with the first answer that is not', async () => {
    const { spec, seen } = await answering(503, 502, 200);
    const { policy, context, events, sleeps } = setup();
    const { result, attempts } = await sendWithRetries(context, policy, { spec, read: readIdempotent });
    expect({ status: result.status, attempts, requests: seen.requests }).toEqual({
      status: 200,
      attempts: 3,
      requests: 3,
    });
    // Full jitter at 0.5: retry n waits between 100 and 100 × 2^n.
    expect(sleeps).toEqual([150, 250]);
    expect(events.filter((e) => e.type === 'retry').map((e) => 'reason' in e && e.reason)).toEqual([
      'HTTP 503',
      'HTTP 502',
    ]);
  });

  it("stops at the lower of the policy's and the call's maxAttempts, answering with the last status", async () => {
    const { spec, seen } = await answering(503);
    const { policy, context } = setup({ maxAttempts: 3 }, { maxAttempts: 2 });
    const { result, attempts } = await sendWithRetries(context, policy, { spec, read: readIdempotent });
    expect({ status: result.status, attempts, requests: seen.requests }).toEqual({
      status: 503,
      attempts: 2,
      requests: 2,
    });
  });

  it('waits, asks, then resends without another wait, the answer in the retry event', async () => {
    const { spec, seen } = await answering(503, 200);
    const { policy, context, events, sleeps } = setup();
    const asked: string[] = [];
    const read = checkedRead(asked, () => ({ note: 'not there' }));
    expect(await sendWithRetries(context, policy, { spec, read })).toBe('sent after 2');
    expect(asked).toEqual(['ask after 1']);
    expect(sleeps).toEqual([150]);
    expect(seen.requests).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(events[2]).toMatchObject({
      type: 'retry',
      attempt: 1,
      delayMs: 150,
      reason: 'HTTP 503; not there',
    });
  });

  it('ends with what the check found, sending nothing more', async () => {
    const { spec, seen } = await answering(503);
    const { policy, context } = setup();
    const read = checkedRead([], () => ({ done: 'it had arrived' }));
    expect(await sendWithRetries(context, policy, { spec, read })).toBe('it had arrived');
    expect(seen.requests).toBe(1);
  });

  it("still asks when the policy's attempts are spent, then throws the failure", async () => {
    const { spec, seen } = await answering(503);
    const { policy, context } = setup({ maxAttempts: 1 });
    const asked: string[] = [];
    const read = checkedRead(asked, () => ({ note: 'not there' }));
    await expect(sendWithRetries(context, policy, { spec, read })).rejects.toMatchObject({ status: 503 });
    expect(asked).toEqual(['ask after 1']);
    expect(seen.requests).toBe(1);
  });

  it("never asks past the call's own maxAttempts: throws `unasked` without waiting", async () => {
    const { spec } = await answering(503);
    const { policy, context, events, sleeps } = setup({}, { maxAttempts: 1 });
    const asked: string[] = [];
    const read = checkedRead(asked, () => ({ note: 'not there' }));
    await expect(sendWithRetries(context, policy, { spec, read })).rejects.toThrow('not asked');
    expect(asked).toEqual([]);
    expect(sleeps).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
  });

  it('sends nothing when stopped already, or when the deadline leaves no room for an attempt', async () => {
    const { spec, seen } = await answering(200);
    const stopped = setup({}, { signal: AbortSignal.abort() });
    const late = setup({}, { deadline: Date.now() + 1_000 }); // the attempt may last 2 s
    for (const { policy, context, events } of [stopped, late]) {
      const error = await sendWithRetries(context, policy, { spec, read: readIdempotent }).catch((e) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({
        code: 'timeout',
        message: expect.stringMatching(/^avantlink test was not sent/),
      });
      expect(events.map((e) => e.type)).toEqual(['error']);
    }
    expect(seen.requests).toBe(0);
  });

  it('starts no retry whose wait and attempt could end after the deadline', async () => {
    const { spec, seen } = await answering(503);
    const { policy, context, sleeps } = setup(
      { baseDelayMs: 5_000, maxDelayMs: 5_000 },
      {
        deadline: Date.now() + 4_000,
      },
    );
    const { result, attempts } = await sendWithRetries(context, policy, { spec, read: readIdempotent });
    expect({ status: result.status, attempts, requests: seen.requests, sleeps }).toEqual({
      status: 503,
      attempts: 1,
      requests: 1,
      sleeps: [],
    });
  });
});
