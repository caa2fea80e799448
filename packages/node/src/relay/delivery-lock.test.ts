import { describe, expect, it } from 'vitest';
import { afliteTouch, SECRET } from '../../test/fixtures/relay';
import { createMemoryStore } from '../delivery/memory-store';
import { createRelay } from './create-relay';
import type { RelayEvent } from './events';

/*
 * An Aflite delivery must never outlive its store lock: once the lock lapses, the redelivery timer
 * (or another server) takes the same delivery, finds no goal in the feed yet, and sends it while
 * the first call may still send too: a reused mref at Aflite. The reviewer's scaled-down case:
 * 200 ms timeout, 3 retries, lockMs 850, and an Aflite that swallows every goal until t = 1 s.
 */

/** An Aflite behind `fetch` that hangs (records nothing) until `okAfter` ms, then records; a reused mref is an error. */
function hangingAflite(okAfter: number) {
  const started = Date.now();
  const goals = new Set<string>();
  let reused = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    // The call is abandoned when any signal it was given aborts: the client hands over a Request with
    // its signal; a signal in init (as ky passed) would shadow it on `new Request`.
    const signals = [
      input instanceof Request ? input.signal : undefined,
      init?.signal ?? undefined,
      request.signal,
    ];
    const abandoned = AbortSignal.any(
      signals.filter((signal): signal is AbortSignal => signal !== undefined),
    );
    const mref = new URLSearchParams(await request.text()).get('mref') ?? '';
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      if (new URL(request.url).pathname === '/data/goals') {
        const found = goals.has(mref); // decided on arrival, answered 180 ms later (unless abandoned)
        await new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, 180);
          const abort = () => {
            clearTimeout(timer);
            reject(new DOMException('aborted', 'AbortError'));
          };
          if (abandoned.aborted) abort();
          else abandoned.addEventListener('abort', abort);
        });
        return new Response(found ? `<goals><goal><mref>${mref}</mref></goal></goals>` : '<goals></goals>');
      }
      if (Date.now() - started < okAfter) {
        // Aborted already (a loaded machine can be that slow to get here), or when it is.
        return await new Promise<Response>((_resolve, reject) => {
          const abort = () => reject(new DOMException('aborted', 'AbortError'));
          if (abandoned.aborted) abort();
          else abandoned.addEventListener('abort', abort);
        });
      }
      if (goals.has(mref)) {
        reused += 1;
        return new Response('Merchant Reference Must be Unique');
      }
      goals.add(mref);
      return new Response('OK');
    } finally {
      inFlight -= 1;
    }
  };
  return {
    fetch,
    goals,
    get reused() {
      return reused;
    },
    get mostInFlight() {
      return mostInFlight;
    },
  };
}

describe('an Aflite delivery and its store lock', () => {
  it('never sends after its lock could lapse: one goal at Aflite, no reused mref, never two calls at once', async () => {
    const aflite = hangingAflite(1_000);
    const events: RelayEvent[] = [];
    let delivered: () => void = () => undefined;
    const sent = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const relay = createRelay({
      cookie: { secret: SECRET },
      aflite: {
        apiKey: 'k3y',
        merchantId: 'm',
        goalId: '1',
        baseUrl: 'http://aflite.test',
        timeoutMs: 200,
        retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 10 },
        fetch: aflite.fetch,
      },
      // Retries every 50-100 ms: on a loaded machine a goal-feed answer can miss its 200 ms, and a
      // doubling backoff would then outlast the test; the lock is what this test is about.
      delivery: { pollMs: 50, baseDelayMs: 50, maxDelayMs: 100, lockMs: 850 },
      store: createMemoryStore(),
      logger: (event) => {
        events.push(event);
        if (event.type === 'delivery' && event.outcome === 'sent') delivered();
      },
    });
    await relay.recordConversion({
      order: { orderId: 'order-1', subtotal: 10, currency: 'GBP' },
      attribution: { touches: [afliteTouch({ capturedAt: Date.now() - 1_000 })], source: 'server-cookie' },
    });
    // The first call stops before its lock could lapse (pending); the timer finishes the job.
    await sent;
    await relay.close();
    expect([...aflite.goals]).toEqual(['order-1']);
    expect(aflite.reused).toBe(0);
    expect(aflite.mostInFlight).toBe(1);
    expect(events.some((event) => event.type === 'delivery' && event.outcome === 'failed')).toBe(false);
    // About 1.5 s on an idle machine; a loaded one (load average 20 on 2 cores) took over 15 s.
  }, 60_000);
});
