import { inspect } from 'node:util';
import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedLogger, recordedRetry } from '../../../test/fixtures/recording';
import { AvantLinkClient } from './client';
import type { AvantLinkClientOptions } from './types';

// 32 characters, with some that change under URL and form encoding, so every encoded form is checked.
const AUTH_KEY = 'Ak+Live/9=Secret!Key_0123456789a';
const FORMS = [
  AUTH_KEY,
  encodeURIComponent(AUTH_KEY),
  new URLSearchParams({ k: AUTH_KEY }).toString().slice(2),
];
const MERCHANT = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b';
const RETURN = { orderId: 'ORD-1', amount: 10, type: 'RETURN' as const };

let avantlink: FakeAvantLinkServer;
beforeAll(async () => {
  avantlink = await startFakeAvantLink();
});
afterAll(() => avantlink.close());

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
  transport: 'form' | 'query',
  run: (client: AvantLinkClient) => Promise<unknown>,
  extra: Partial<AvantLinkClientOptions> = {},
) {
  avantlink.reset();
  const { events, logger } = recordedLogger();
  const errors: unknown[] = [];
  const client = new AvantLinkClient({
    merchantId: MERCHANT,
    adjustments: { authKey: AUTH_KEY, merchantId: 12345, url: avantlink.legacyApiUrl, transport },
    logger,
    timeoutMs: 150,
    retry: recordedRetry(0.5, { maxAttempts: 2 }).retry,
    ...extra,
  });
  const results: unknown[] = [];
  await run(client).then(
    (result) => results.push(result),
    (error: unknown) => errors.push(error),
  );
  return { text: exposedText([...events, ...results], errors), events };
}

describe.each(['form', 'query'] as const)('the auth key never leaks (%s)', (transport) => {
  const cases: [string, (client: AvantLinkClient) => Promise<unknown>, Partial<AvantLinkClientOptions>?][] = [
    ['an accepted adjustment', (c) => c.adjustOrder(RETURN)],
    [
      'a rejection whose body echoes the key',
      (c) => {
        avantlink.injectFault({ type: 'status', status: 400, body: { error: `bad auth_key=${AUTH_KEY}` } });
        return c.adjustOrder(RETURN);
      },
    ],
    [
      'a 2xx whose answer echoes the key',
      (c) => {
        avantlink.injectFault({ type: 'status', status: 200, body: `OK ${encodeURIComponent(AUTH_KEY)}` });
        return c.adjustOrder(RETURN);
      },
    ],
    [
      'a 503 that echoes the key (delivery_ambiguous)',
      (c) => {
        avantlink.injectFault({ type: 'status', status: 503, body: `down; your key ${AUTH_KEY}` });
        return c.adjustOrder(RETURN);
      },
    ],
    [
      'a 429 then a success',
      (c) => {
        avantlink.injectFault({
          type: 'status',
          status: 429,
          retryAfterSeconds: 0,
          body: `slow down ${AUTH_KEY}`,
        });
        return c.adjustOrder(RETURN);
      },
    ],
    [
      'a timeout',
      (c) => {
        avantlink.injectFault({ type: 'delay', ms: 1_000 });
        return c.adjustOrder(RETURN);
      },
    ],
    [
      'a dropped connection',
      (c) => {
        avantlink.injectFault({ type: 'drop' });
        return c.adjustOrder(RETURN);
      },
    ],
    ['a validation error', (c) => c.adjustOrder({ ...RETURN, amount: '$10' })],
    [
      'a fetch failure whose message holds the whole URL',
      (c) => c.adjustOrder(RETURN),
      {
        fetch: (input) =>
          Promise.reject(
            new TypeError(`fetch failed for ${(input as Request).url} with ${AUTH_KEY}`, {
              cause: Object.assign(new Error(`connect ECONNREFUSED ${AUTH_KEY}`), { code: 'ECONNREFUSED' }),
            }),
          ),
      },
    ],
  ];

  it.each(cases)('in %s', async (_name, run, extra) => {
    const { text, events } = await scenario(transport, run, extra);
    expect(events.length).toBeGreaterThan(0);
    for (const form of FORMS) expect(text).not.toContain(form);
  });

  it('while the key really was sent to AvantLink (so the checks above mean something)', async () => {
    // A generous timeout: this one must reach the fake even on a loaded machine.
    const { text } = await scenario(transport, (c) => c.adjustOrder(RETURN), { timeoutMs: 5_000 });
    const sent = avantlink.requests[0]!;
    expect(transport === 'query' ? sent.query.auth_key : (sent.body as Record<string, string>).auth_key).toBe(
      AUTH_KEY,
    );
    expect(text).toContain('[REDACTED]');
  });
});
