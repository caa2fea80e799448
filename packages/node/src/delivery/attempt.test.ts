import {
  AffiliateRelayError,
  DeliveryAmbiguousError,
  HttpError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '@affiliate-relay/core';
import { describe, expect, it, vi } from 'vitest';
import { type StubClients, stubNetworks } from '../../test/fixtures/networks';
import {
  type AttemptOptions,
  afterAttempt,
  attemptDelivery as attempt,
  isTransientFailure,
  toDeliveryError,
} from './attempt';
import type { DeliveryRecord } from './contract';

// The built-in networks' definitions over stand-in clients.
const attemptDelivery = (record: DeliveryRecord, clients: StubClients, options?: AttemptOptions) =>
  attempt(record, stubNetworks(clients), options);

const schedule = { baseDelayMs: 1000, maxDelayMs: 5000, maxAttempts: 5 };

/** An Aflite delivery as a worker holds it: `attempts` counts the one about to start. */
function aflite(attempts = 1): DeliveryRecord {
  return {
    kind: 'order',
    key: 'o-1',
    network: 'aflite',
    status: 'pending',
    attempts,
    createdAt: 0,
    updatedAt: 0,
    nextAttemptAt: 0,
    lockedUntil: 99,
    request: { clickSessionId: 'abc123', goalId: '1', merchantRef: 'o-1', value: 10 },
  };
}

function avantlink(): DeliveryRecord {
  return {
    kind: 'order',
    key: 'o-1',
    network: 'avantlink',
    status: 'pending',
    attempts: 1,
    createdAt: 0,
    updatedAt: 0,
    nextAttemptAt: 0,
    request: { avad: '77_x', order: { orderId: 'o-1', subtotal: 1, currency: 'USD' } },
  };
}

describe('isTransientFailure', () => {
  it('queues what may pass later: no connection, timeouts, 408, 429, 5xx, an unchecked Aflite goal', () => {
    expect(isTransientFailure(new NetworkError('down', { sent: false }))).toBe(true);
    expect(isTransientFailure(new TimeoutError(10))).toBe(true);
    for (const status of [408, 429, 500, 503])
      expect(isTransientFailure(new HttpError(status, '', 'x'))).toBe(true);
    expect(isTransientFailure(new AffiliateRelayError('delivery_ambiguous', 'x'))).toBe(true);
    // A call its deadline stopped before it could send (code timeout) waits for the next pass.
    expect(isTransientFailure(new AffiliateRelayError('timeout', 'no time left'))).toBe(true);
  });

  it('fails what will fail again: other 4xx, invalid data, bugs', () => {
    for (const status of [301, 302, 400, 401, 404, 409])
      expect(isTransientFailure(new HttpError(status, '', 'x'))).toBe(false);
    expect(isTransientFailure(new ValidationError('order', []))).toBe(false);
    expect(isTransientFailure(new TypeError('bug'))).toBe(false);
  });
});

describe('attemptDelivery', () => {
  it('refuses, without a call, a record its network cannot take: a kind it has no sender for, a request without a field it needs', async () => {
    const registerGoal = vi.fn();
    const findGoal = vi.fn();
    const click = { ...aflite(), kind: 'click' } as DeliveryRecord;
    const noClick = await attemptDelivery(click, { aflite: { registerGoal, findGoal } });
    expect(noClick).toMatchObject({ outcome: 'failed', error: { name: 'StoreError' } });
    expect(String((noClick as { error: Error }).error.message)).toMatch(/aflite takes no click/);
    const partial = { ...aflite(), request: { goalId: '1' } } as DeliveryRecord;
    const missing = await attemptDelivery(partial, { aflite: { registerGoal, findGoal } });
    expect(String((missing as { error: Error }).error.message)).toMatch(/its request has no clickSessionId/);
    expect(registerGoal).not.toHaveBeenCalled();
    expect(findGoal).not.toHaveBeenCalled();
  });

  it('sends an AvantLink order with the stored request', async () => {
    const trackOrder = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
    const record = avantlink();
    expect(await attemptDelivery(record, { avantlink: { trackOrder, trackClick: vi.fn() } })).toEqual({
      outcome: 'sent',
    });
    expect(trackOrder).toHaveBeenCalledWith(record.request, {});
  });

  it('sends an AvantLink click with trackClick', async () => {
    const trackClick = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
    const trackOrder = vi.fn();
    const click = {
      ...avantlink(),
      kind: 'click',
      request: { avad: '77_x', visitorIds: ['v'], userAgent: 'UA', currentUrl: 'https://shop.test/' },
    } as DeliveryRecord;
    expect(await attemptDelivery(click, { avantlink: { trackOrder, trackClick } })).toEqual({
      outcome: 'sent',
    });
    expect(trackClick).toHaveBeenCalledWith(click.request, {});
    expect(trackOrder).not.toHaveBeenCalled();
  });

  it('registers a first Aflite goal without asking the goal feed', async () => {
    const registerGoal = vi.fn().mockResolvedValue({ outcome: 'recorded', attempts: 1 });
    const findGoal = vi.fn();
    expect(await attemptDelivery(aflite(1), { aflite: { registerGoal, findGoal } })).toEqual({
      outcome: 'sent',
    });
    expect(findGoal).not.toHaveBeenCalled();
  });

  it('on a later attempt at Aflite asks the goal feed first, and sends nothing when the goal is there', async () => {
    const registerGoal = vi.fn();
    const findGoal = vi.fn().mockResolvedValue({ merchantRef: 'o-1', raw: '<goal/>' });
    expect(await attemptDelivery(aflite(2), { aflite: { registerGoal, findGoal } })).toEqual({
      outcome: 'sent',
    });
    expect(findGoal).toHaveBeenCalledWith('o-1', {});
    expect(registerGoal).not.toHaveBeenCalled();
  });

  it('hands its deadline, signal and single-attempt limit to every client call', async () => {
    const registerGoal = vi.fn().mockResolvedValue({ outcome: 'recorded', attempts: 1 });
    const findGoal = vi.fn().mockResolvedValue(undefined);
    const trackOrder = vi.fn().mockResolvedValue({ status: 200, attempts: 1 });
    const signal = new AbortController().signal;
    const options = { deadline: 123_456, signal, single: true };
    await attemptDelivery(aflite(2), { aflite: { registerGoal, findGoal } }, options);
    await attemptDelivery(avantlink(), { avantlink: { trackOrder, trackClick: vi.fn() } }, options);
    const call = { deadline: 123_456, signal, maxAttempts: 1 };
    expect(findGoal).toHaveBeenCalledWith('o-1', call);
    expect(registerGoal).toHaveBeenCalledWith(aflite(2).request, call);
    expect(trackOrder).toHaveBeenCalledWith(avantlink().request, call);
  });

  it('on an Aflite redelivery registers the goal when the feed does not show it', async () => {
    const registerGoal = vi.fn().mockResolvedValue({ outcome: 'recorded', attempts: 1 });
    const findGoal = vi.fn().mockResolvedValue(undefined);
    expect(await attemptDelivery(aflite(3), { aflite: { registerGoal, findGoal } })).toEqual({
      outcome: 'sent',
    });
    expect(findGoal).toHaveBeenCalledTimes(1);
    expect(registerGoal).toHaveBeenCalledTimes(1);
  });

  it('classifies failures, and queues a delivery to a network this relay lacks', async () => {
    const down = new HttpError(503, '', 'down');
    const trackOrder = vi.fn().mockRejectedValue(down);
    expect(await attemptDelivery(avantlink(), { avantlink: { trackOrder, trackClick: vi.fn() } })).toEqual({
      outcome: 'pending',
      error: down,
    });
    const refused = new HttpError(400, '', 'bad');
    trackOrder.mockRejectedValue(refused);
    expect(await attemptDelivery(avantlink(), { avantlink: { trackOrder, trackClick: vi.fn() } })).toEqual({
      outcome: 'failed',
      error: refused,
    });
    expect((await attemptDelivery(aflite(), {})).outcome).toBe('pending');
  });

  it('reports whatever a client threw as an SDK error: a bare throw is delivery_ambiguous, kept pending', async () => {
    const bug = new TypeError('stand-in broke');
    const trackOrder = vi.fn().mockRejectedValue(bug);
    const result = await attemptDelivery(avantlink(), { avantlink: { trackOrder, trackClick: vi.fn() } });
    expect(result.outcome).toBe('pending');
    const error = 'error' in result ? result.error : undefined;
    expect(error).toBeInstanceOf(DeliveryAmbiguousError);
    expect(error).toMatchObject({ code: 'delivery_ambiguous', cause: bug });
    expect(error?.message).toContain('stand-in broke');
  });
});

describe('afterAttempt', () => {
  it('marks a sent delivery sent and releases its lock, keeping its token and its count', () => {
    const { record, outcome } = afterAttempt(
      { ...aflite(1), lockToken: 't' },
      { outcome: 'sent' },
      500,
      schedule,
    );
    expect(outcome).toBe('sent');
    expect(record).toMatchObject({ status: 'sent', attempts: 1, updatedAt: 500, lockToken: 't' });
    expect(record).not.toHaveProperty('lockedUntil');
  });

  it('keeps a failed attempt pending with a doubling wait, capped', () => {
    const error = new TimeoutError(10);
    const waits = [1, 2, 3, 4].map(
      (attempts) =>
        afterAttempt(aflite(attempts), { outcome: 'pending', error }, 0, { ...schedule, maxAttempts: 99 })
          .record.nextAttemptAt,
    );
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
    const { record } = afterAttempt(aflite(1), { outcome: 'pending', error }, 0, schedule);
    expect(record).toMatchObject({ status: 'pending', lastError: { name: 'TimeoutError', code: 'timeout' } });
  });

  it("waits at least the network's Retry-After (retryAfterMs on the error), even past maxDelayMs", () => {
    const busy = (retryAfterMs: number) => Object.assign(new HttpError(503, '', 'busy'), { retryAfterMs });
    const later = afterAttempt(aflite(1), { outcome: 'pending', error: busy(3_600_000) }, 100, schedule);
    expect(later.record.nextAttemptAt).toBe(100 + 3_600_000);
    const sooner = afterAttempt(aflite(2), { outcome: 'pending', error: busy(10) }, 100, schedule);
    expect(sooner.record.nextAttemptAt).toBe(100 + 2000);
    // An Aflite goal whose feed could not be asked keeps the Retry-After of the failure behind it.
    const ambiguous = new AffiliateRelayError('delivery_ambiguous', 'unknown', {
      cause: { failure: busy(9_000) },
    });
    expect(
      afterAttempt(aflite(1), { outcome: 'pending', error: ambiguous }, 0, schedule).record.nextAttemptAt,
    ).toBe(9_000);
  });

  it('gives up after maxAttempts, and fails a permanent failure at once', () => {
    const error = new HttpError(503, '', 'down');
    const last = afterAttempt(aflite(5), { outcome: 'pending', error }, 0, schedule);
    expect(last.outcome).toBe('failed');
    expect(last.record.lastError).toEqual({
      name: 'HttpError',
      message: 'down',
      code: 'http_error',
      status: 503,
    });
    expect(afterAttempt(aflite(1), { outcome: 'failed', error }, 0, schedule).record.status).toBe('failed');
  });
});

describe('toDeliveryError', () => {
  it('keeps plain JSON only', () => {
    expect(toDeliveryError('boom')).toEqual({ name: 'Error', message: 'boom' });
    expect(JSON.parse(JSON.stringify(toDeliveryError(new NetworkError('x', { sent: true }))))).toEqual({
      name: 'NetworkError',
      message: 'x',
      code: 'network_error',
    });
  });
});

describe('attemptDelivery in test mode', () => {
  const test = (record: DeliveryRecord): DeliveryRecord => ({ ...record, test: true });

  it("sends a test goal through Aflite's test path: traceOnly even when the stored request lacks it", async () => {
    const registerGoal = vi.fn(async () => ({ outcome: 'recorded' as const, attempts: 1 }));
    const findGoal = vi.fn(async () => undefined);
    expect(
      await attemptDelivery(test(aflite()), { aflite: { registerGoal, findGoal } }, { testMode: true }),
    ).toEqual({
      outcome: 'sent',
    });
    expect(registerGoal).toHaveBeenCalledWith(
      expect.objectContaining({ merchantRef: 'o-1', traceOnly: true }),
      expect.anything(),
    );
  });

  it('sends nothing to AvantLink (no test flag): the test order ends failed, saying why', async () => {
    const trackOrder = vi.fn();
    const result = await attemptDelivery(
      test(avantlink()),
      { avantlink: { trackOrder, trackClick: vi.fn() } },
      { testMode: true },
    );
    expect(result).toMatchObject({ outcome: 'failed', error: { name: 'ConfigError' } });
    expect(String((result as { error: Error }).error.message)).toContain('AvantLink documents no test flag');
    expect(trackOrder).not.toHaveBeenCalled();
  });

  it('a live relay never sends a test delivery; a test relay leaves a live one pending, uncounted', async () => {
    const registerGoal = vi.fn();
    const findGoal = vi.fn();
    const live = await attemptDelivery(test(aflite()), { aflite: { registerGoal, findGoal } });
    expect(live).toMatchObject({
      outcome: 'failed',
      error: { message: expect.stringContaining('Recorded in test mode') },
    });
    const testing = await attemptDelivery(
      aflite(3),
      { aflite: { registerGoal, findGoal } },
      { testMode: true },
    );
    expect(testing).toMatchObject({ outcome: 'pending', uncounted: true });
    expect(registerGoal).not.toHaveBeenCalled();
    expect(findGoal).not.toHaveBeenCalled();
    // The attempt is given back and the delivery waits a minute, whatever maxAttempts says.
    const { record, outcome } = afterAttempt(aflite(5), testing, 1_000, schedule);
    expect(outcome).toBe('pending');
    expect(record).toMatchObject({ status: 'pending', attempts: 4, nextAttemptAt: 61_000 });
  });
});
