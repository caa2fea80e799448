import { AVANTLINK_BLANK_TRACKING_IDS_ERROR } from '@affiliate-relay/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, SECRET, VISITOR_ID } from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';
import type { RelayConfig } from '../config';
import { createRelay, type Relay } from '../create-relay';

/*
 * "Retry now" through the public API against the fakes: a backed-off and a failed delivery are sent at
 * once, a sent one never again (the fake counts what it received), and an Aflite goal whose send was
 * ambiguous is looked up in the goal feed before any resend.
 */

const net = useFakeNetworks();
const relays: Relay[] = [];

afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close({ timeoutMs: 1_000 })));
});

function relayWith(config: Partial<RelayConfig> = {}): Relay {
  const base = fakeNetworksConfig(net);
  const relay = createRelay({
    ...base,
    cookie: { secret: SECRET },
    store: createMemoryStore(),
    ...config,
    // Backed off for an hour after a failure: only Retry now sends it before then.
    delivery: { ...base.delivery, baseDelayMs: 3_600_000, ...config.delivery },
  });
  relays.push(relay);
  return relay;
}

const order = (orderId: string) => ({ orderId, subtotal: 10, currency: 'USD' });
const saved = (touch = avantlinkTouch()) => ({
  visitorId: VISITOR_ID,
  touches: [touch],
  source: 'server-cookie' as const,
});
const paths = () => net.aflite.requests.map((request) => `${request.method} ${request.path}`);

describe('relay.redeliver', () => {
  it('sends a backed-off delivery at once, which flush() leaves for its time', async () => {
    const relay = relayWith();
    net.avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    const { results } = await relay.recordConversion({ order: order('o-1'), attribution: saved() });
    expect(results.avantlink).toMatchObject({ status: 'pending' });
    await relay.flush();
    expect(net.avantlink.orders).toHaveLength(0);

    const result = await relay.redeliver('o-1');
    expect(result.networks).toEqual({ avantlink: { action: 'due', status: 'sent' } });
    expect(net.avantlink.orders).toHaveLength(1);
    expect(result.explanation).toMatchObject({
      verdict: 'sent',
      networks: {
        avantlink: { attempts: 2, log: [{ outcome: 'pending' }, { attempt: 2, outcome: 'sent' }] },
      },
    });
  });

  it('sends a failed delivery again (refused, then the cause fixed), and never resends a sent one', async () => {
    const relay = relayWith();
    net.avantlink.injectFault({ type: 'status', status: 400, body: AVANTLINK_BLANK_TRACKING_IDS_ERROR });
    await relay.recordConversion({ order: order('o-2'), attribution: saved() });
    expect((await relay.explainOrder('o-2')).verdict).toBe('refused');

    expect((await relay.redeliver('o-2')).networks).toEqual({ avantlink: { action: 'due', status: 'sent' } });
    expect(net.avantlink.orders).toHaveLength(1);
    // Sent: Retry now again sends nothing.
    const again = await relay.redeliver('o-2');
    expect(again.networks).toEqual({ avantlink: { action: 'already-sent', status: 'sent' } });
    expect(net.avantlink.requests.filter((request) => request.path.includes('order'))).toHaveLength(2);
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it('sends a delivery failed after maxAttempts once the network is back', async () => {
    const relay = relayWith({ delivery: { baseDelayMs: 0, maxAttempts: 2 } });
    net.avantlink.injectFault({ type: 'status', status: 503, times: 100 });
    await relay.recordConversion({ order: order('o-3'), attribution: saved() });
    await relay.flush();
    expect((await relay.explainOrder('o-3')).verdict).toBe('failed');
    net.avantlink.clearFaults();
    const result = await relay.redeliver('o-3');
    expect(result.networks.avantlink).toEqual({ action: 'due', status: 'sent' });
    expect(result.explanation.verdict).toBe('sent');
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it('an Aflite goal whose send was ambiguous is looked up in the goal feed first: found there, it is not sent again', async () => {
    const relay = relayWith({ delivery: { checkoutBudgetMs: 300 } });
    // Aflite records the goal and answers after the checkout stopped waiting.
    net.aflite.injectFault({ type: 'delay', ms: 20_000 });
    const { results } = await relay.recordConversion({
      order: order('o-4'),
      attribution: saved(afliteTouch()),
    });
    expect(results.aflite).toMatchObject({ status: 'pending', error: { code: 'delivery_ambiguous' } });
    expect(net.aflite.goals).toHaveLength(1);

    const result = await relay.redeliver('o-4');
    expect(result.networks.aflite).toEqual({ action: 'due', status: 'sent' });
    expect(paths()).toEqual(['POST /data/register/goal', 'POST /data/goals']);
    expect(net.aflite.goals).toHaveLength(1);
    expect(net.aflite.errors).toEqual([]);
  });

  it('an ambiguous Aflite goal that the feed does not show is sent again, after the lookup', async () => {
    const relay = relayWith({ delivery: { checkoutBudgetMs: 300 } });
    // The goal never arrived (the connection dropped before an answer).
    net.aflite.injectFault({ type: 'status', status: 503, times: 2 });
    await relay.recordConversion({ order: order('o-5'), attribution: saved(afliteTouch()) });
    expect(net.aflite.goals).toHaveLength(0);
    await relay.redeliver('o-5');
    const calls = paths();
    expect(calls.indexOf('POST /data/goals')).toBeGreaterThan(-1);
    expect(calls.lastIndexOf('POST /data/goals')).toBeLessThan(calls.lastIndexOf('POST /data/register/goal'));
    expect(net.aflite.goals).toHaveLength(1);
  });

  it('only the network asked for; an unknown order does nothing', async () => {
    const relay = relayWith({ attribution: { policy: 'all' } });
    net.avantlink.injectFault({ type: 'status', status: 503, times: 2 });
    net.aflite.injectFault({ type: 'status', status: 503, times: 2 });
    const touches = [avantlinkTouch(), afliteTouch()];
    await relay.recordConversion({
      order: order('o-6'),
      attribution: { visitorId: VISITOR_ID, touches, source: 'server-cookie' },
    });
    const result = await relay.redeliver('o-6', { network: 'avantlink' });
    expect(Object.keys(result.networks)).toEqual(['avantlink']);
    expect(result.explanation.networks.aflite?.state).toBe('pending');
    expect(net.aflite.goals).toHaveLength(0);
    expect((await relay.redeliver('nope')).networks).toEqual({});
  });
});
