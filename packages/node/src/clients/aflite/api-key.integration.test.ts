import { inspect } from 'node:util';
import { type FakeAfliteServer, startFakeAflite } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedLogger, recordedRetry } from '../../../test/fixtures/recording';
import { AfliteClient } from './client';
import type { AfliteClientOptions } from './types';

// Characters that change under URL and form encoding, so every encoded form is checked too.
const API_KEY = 'Sk+Live/9=Secret!Key';
const FORMS = [API_KEY, encodeURIComponent(API_KEY), new URLSearchParams({ k: API_KEY }).toString().slice(2)];
const MID = 'm-secret-test';
const GOAL = { clickSessionId: 'cs-1', goalId: '1', merchantRef: 'ORD-1', value: 10.99 };

let aflite: FakeAfliteServer;
beforeAll(async () => {
  aflite = await startFakeAflite({ apiKey: API_KEY, merchantId: MID });
});
afterAll(() => aflite.close());

/** Everything the SDK lets out: logged events and thrown errors, inspected as deeply as a logger would. */
function exposedText(events: unknown[], errors: unknown[]): string {
  const parts = [JSON.stringify(events), inspect(events, { depth: null, showHidden: true })];
  for (const error of errors) {
    const e = error as Error;
    parts.push(
      String(e),
      e.message,
      e.stack ?? '',
      JSON.stringify(e),
      inspect(e, { depth: null, showHidden: true }),
    );
    parts.push(JSON.stringify((e as { cause?: unknown }).cause ?? null));
  }
  return parts.join('\n');
}

async function scenario(
  method: 'GET' | 'POST',
  run: (client: AfliteClient) => Promise<unknown>,
  extra: Partial<AfliteClientOptions> = {},
) {
  aflite.reset();
  const { events, logger } = recordedLogger();
  const errors: unknown[] = [];
  const client = new AfliteClient({
    apiKey: API_KEY,
    merchantId: MID,
    baseUrl: aflite.url,
    method,
    logger,
    timeoutMs: 150,
    retry: recordedRetry(0.5, { maxAttempts: 2 }).retry,
    ...extra,
  });
  await run(client).catch((error: unknown) => errors.push(error));
  return { text: exposedText(events, errors), events, errors };
}

describe.each(['GET', 'POST'] as const)('the API key never leaks (%s)', (method) => {
  const cases: [string, (client: AfliteClient) => Promise<unknown>, Partial<AfliteClientOptions>?][] = [
    ['a recorded goal', (c) => c.registerGoal(GOAL)],
    ['a goal lookup', (c) => c.findGoal('ORD-1')],
    [
      'a rejection whose body echoes the key',
      (c) => {
        aflite.injectFault({
          type: 'status',
          status: 400,
          body: `Invalid request apikey=${API_KEY} (${encodeURIComponent(API_KEY)})`,
        });
        return c.registerGoal(GOAL);
      },
    ],
    [
      'a 5xx that echoes the key, then the lookup',
      (c) => {
        aflite.injectFault({ type: 'status', status: 503, body: `down; your key ${API_KEY}`, times: 4 });
        return c.registerGoal(GOAL);
      },
    ],
    [
      'a timeout and the lookup that follows',
      (c) => {
        aflite.injectFault({ type: 'delay', ms: 1_000 });
        return c.registerGoal(GOAL);
      },
    ],
    [
      'a timeout with a lookup that fails (delivery_ambiguous)',
      (c) => {
        aflite.injectFault({ type: 'delay', ms: 1_000 });
        aflite.injectFault({ type: 'status', status: 500, times: 2 });
        return c.registerGoal(GOAL);
      },
    ],
    [
      'dropped connections',
      (c) => {
        aflite.injectFault({ type: 'drop', times: 4 });
        return c.registerGoal(GOAL);
      },
    ],
    ['a validation error', (c) => c.registerGoal({ ...GOAL, value: '1,000' })],
    [
      'a fetch failure whose message holds the whole URL',
      (c) => c.registerGoal(GOAL),
      {
        fetch: (input) =>
          Promise.reject(
            new TypeError(`fetch failed for ${(input as Request).url} with ${API_KEY}`, {
              cause: Object.assign(new Error(`connect ECONNREFUSED ${API_KEY}`), { code: 'ECONNREFUSED' }),
            }),
          ),
      },
    ],
  ];

  it.each(cases)('in %s', async (_name, run, extra) => {
    const { text, events } = await scenario(method, run, extra);
    expect(events.length).toBeGreaterThan(0);
    for (const form of FORMS) expect(text).not.toContain(form);
  });

  it('while the key really was sent to Aflite (so the checks above mean something)', async () => {
    const { text } = await scenario(method, (c) => c.registerGoal(GOAL));
    const sent = aflite.requests[0]!;
    expect(method === 'GET' ? sent.query.apikey : (sent.body as Record<string, string>).apikey).toBe(API_KEY);
    expect(text).toContain('[REDACTED]');
  });
});
