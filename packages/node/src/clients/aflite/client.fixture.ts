// Shared setup of the AfliteClient unit tests: a fake Aflite behind msw, and a client with recorded retries.
import { createAfliteFake } from '@affiliate-relay/testkit';
import { afliteHandlers } from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { recordedRetry } from '../../../test/fixtures/recording';
import { AfliteClient } from './client';
import type { AfliteClientOptions, AfliteGoalInput } from './types';

export const API_KEY = 'k3y-For-Tests';
export const MID = 'merchant-42';

/** The goal the tests send, and how it must look on the wire. */
export const GOAL: AfliteGoalInput = {
  clickSessionId: 'abc123',
  goalId: '7',
  merchantRef: 'order-1',
  value: 10.99,
};
export const WIRE = {
  apikey: API_KEY,
  mid: MID,
  clickSessionID: 'abc123',
  goalid: '7',
  mref: 'order-1',
  value: '10.99',
  traceOnly: '0',
};

/** A fake Aflite answering through msw for the tests of the calling file (reset after each test). */
export function useFakeAflite() {
  const aflite = createAfliteFake({ apiKey: API_KEY, merchantId: MID });
  const server = setupServer(...afliteHandlers({ fake: aflite }));
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => aflite.reset());
  afterAll(() => server.close());
  return aflite;
}

/** A client whose retries do not wait: `sleeps` records the waits it asked for. */
export function client(options: Partial<AfliteClientOptions> = {}) {
  const { retry, sleeps } = recordedRetry(0.5);
  return { client: new AfliteClient({ apiKey: API_KEY, merchantId: MID, retry, ...options }), sleeps };
}
