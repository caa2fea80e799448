import { AVANTLINK_BLANK_TRACKING_IDS_ERROR } from '@affiliate-relay/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeNetworksConfig, useFakeNetworks } from '../../../test/fixtures/fake-networks';
import { afliteTouch, avantlinkTouch, SECRET, VISITOR_ID } from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';
import type { RelayConfig } from '../config';
import { createRelay, type Relay } from '../create-relay';

/*
 * One test per verdict of `explainOrder`, each produced through the public API (recordConversion,
 * flush, redeliver) against the testkit's fake networks on real loopback ports.
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
    delivery: { ...base.delivery, ...config.delivery },
  });
  relays.push(relay);
  return relay;
}

const order = (orderId: string) => ({ orderId, subtotal: 10, currency: 'USD' });
const saved = (...touches: ReturnType<typeof avantlinkTouch>[]) => ({
  visitorId: VISITOR_ID,
  touches: touches.length > 0 ? touches : [avantlinkTouch()],
  source: 'server-cookie' as const,
});
const DAY = 86_400_000;

describe('explainOrder: one verdict each, through the public API', () => {
  it('unknown: an order id never recorded', async () => {
    const relay = relayWith();
    expect(await relay.explainOrder('nope')).toMatchObject({
      found: false,
      verdict: 'unknown',
      networks: {},
    });
  });

  it('no-attribution: recorded with attribution null, every network not credited, nothing sent', async () => {
    const relay = relayWith();
    await relay.recordConversion({ order: order('o-none'), attribution: null });
    const explanation = await relay.explainOrder('o-none');
    expect(explanation).toMatchObject({
      found: true,
      verdict: 'no-attribution',
      decision: { source: 'none', touches: [], winners: [], reason: 'no-touches' },
      networks: {
        avantlink: { state: 'not-credited', reason: 'no-attribution' },
        aflite: { state: 'not-credited', reason: 'no-attribution' },
      },
    });
    expect(explanation.hint).toMatch(/no affiliate click was on record/);
    expect(net.avantlink.orders).toHaveLength(0);
  });

  it('no-attribution with consent refused: the checkout request sends Sec-GPC: 1, and the hint says why no click was stored', async () => {
    const relay = relayWith();
    const request = new Request('http://shop.test/thanks', { headers: { 'sec-gpc': '1' } });
    await relay.recordConversion({ order: order('o-gpc'), request });
    const explanation = await relay.explainOrder('o-gpc');
    expect(explanation).toMatchObject({
      verdict: 'no-attribution',
      decision: { source: 'none', consent: 'gpc' },
    });
    expect(explanation.hint).toMatch(
      /Sec-GPC: 1 \(Global Privacy Control\): such a shopper's clicks are never stored/,
    );
    // Without it, the same order says nothing of consent.
    await relay.recordConversion({
      order: order('o-plain'),
      request: new Request('http://shop.test/thanks'),
    });
    expect((await relay.explainOrder('o-plain')).decision?.consent).toBeUndefined();
  });

  it('expired: a click older than its window, with the window and the click in the hint', async () => {
    const relay = relayWith({ attribution: { windows: { avantlink: 7 } } });
    const old = avantlinkTouch({ capturedAt: Date.now() - 8 * DAY });
    await relay.recordConversion({ order: order('o-old'), attribution: saved(old) });
    const explanation = await relay.explainOrder('o-old');
    expect(explanation).toMatchObject({
      verdict: 'expired',
      decision: { source: 'saved', windows: { avantlink: 7 }, touches: [{ clickId: '77_f3afbe121' }] },
      networks: { avantlink: { state: 'not-credited', reason: 'expired' } },
    });
    expect(explanation.hint).toMatch(/AvantLink's click 77_f3afbe121 of .* was older than its 7-day window/);
  });

  it('another network won: the order is sent to the later click; the other says not-selected, naming the winner', async () => {
    const relay = relayWith();
    const early = afliteTouch({ capturedAt: Date.now() - 2 * 3_600_000 });
    const late = avantlinkTouch({ capturedAt: Date.now() - 3_600_000 });
    await relay.recordConversion({ order: order('o-won'), attribution: saved(early, late) });
    const explanation = await relay.explainOrder('o-won');
    expect(explanation).toMatchObject({
      verdict: 'sent',
      decision: { policy: 'last-click', winners: ['avantlink'], notCredited: { aflite: 'not-selected' } },
      networks: { avantlink: { state: 'sent' }, aflite: { state: 'not-credited', reason: 'not-selected' } },
    });
    expect(explanation.networks.aflite?.hint).toMatch(
      /AvantLink won under last-click: Aflite's click was valid/,
    );
    expect(net.aflite.goals).toHaveLength(0);
  });

  it('duplicate: recorded twice, sent once; the explanation counts the repeat', async () => {
    const relay = relayWith();
    await relay.recordConversion({ order: order('o-dup'), attribution: saved() });
    const again = await relay.recordConversion({ order: order('o-dup'), attribution: saved() });
    expect(again.results.avantlink).toEqual({ status: 'duplicate' });
    const explanation = await relay.explainOrder('o-dup');
    expect(explanation).toMatchObject({ verdict: 'duplicate', repeats: { count: 1 } });
    expect(explanation.hint).toMatch(
      /recorded again \(once, .*a repeat is never sent.*AvantLink took the order/,
    );
    expect(net.avantlink.orders).toHaveLength(1);
  });

  it('refused: AvantLink answers 400 blank tracking ids; the answer, its time and the cause are in the explanation', async () => {
    const relay = relayWith();
    net.avantlink.injectFault({ type: 'status', status: 400, body: AVANTLINK_BLANK_TRACKING_IDS_ERROR });
    const { results } = await relay.recordConversion({ order: order('o-400'), attribution: saved() });
    expect(results.avantlink).toMatchObject({ status: 'failed' });
    const explanation = await relay.explainOrder('o-400');
    expect(explanation).toMatchObject({
      verdict: 'refused',
      networks: {
        avantlink: {
          state: 'refused',
          status: 'failed',
          attempts: 1,
          lastError: { name: 'HttpError', status: 400 },
          log: [{ attempt: 1, outcome: 'failed', error: { status: 400 } }],
          request: { avad: '77_f3afbe121' },
        },
      },
    });
    expect(explanation.hint).toMatch(
      /^AvantLink refused the order: AvantLink tracking\/order answered 400: client\.model\.merchants_tracking\.tracking_ids\.blank.* — the click id was empty/,
    );
  });

  it('refused: Aflite answers 200 with an error text (a refusal, not a success)', async () => {
    const relay = relayWith();
    net.aflite.injectFault({ type: 'status', status: 200, body: 'ERROR: Value is missing' });
    const { results } = await relay.recordConversion({
      order: order('o-200'),
      attribution: saved(afliteTouch()),
    });
    expect(results.aflite).toMatchObject({ status: 'failed' });
    const explanation = await relay.explainOrder('o-200');
    expect(explanation).toMatchObject({
      verdict: 'refused',
      networks: { aflite: { state: 'refused', lastError: { status: 200 } } },
    });
    expect(explanation.hint).toMatch(/^Aflite refused the order: .*200.*Value is missing/);
    // The key is never in what the explanation holds.
    expect(JSON.stringify(explanation)).not.toContain('test-api-key');
  });

  it('pending: AvantLink down during checkout; waiting, since when, and the next attempt; never sent before it answered', async () => {
    const relay = relayWith({ delivery: { baseDelayMs: 3_600_000 } });
    net.avantlink.injectFault({ type: 'status', status: 503, times: 100 });
    const before = Date.now();
    const { results } = await relay.recordConversion({ order: order('o-down'), attribution: saved() });
    expect(results.avantlink).toMatchObject({ status: 'pending' });
    const explanation = await relay.explainOrder('o-down');
    const avantlink = explanation.networks.avantlink!;
    expect(explanation.verdict).toBe('pending');
    expect(avantlink).toMatchObject({ state: 'pending', status: 'pending', log: [{ outcome: 'pending' }] });
    expect(avantlink.nextAttemptAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(explanation.hint).toMatch(
      /^waiting: AvantLink unreachable since .* UTC \(.*503.*\); next attempt .* UTC\.$/,
    );
  });

  it('failed: AvantLink down for every attempt; given up after maxAttempts, each attempt in the log', async () => {
    const relay = relayWith({ delivery: { maxAttempts: 3 } });
    net.avantlink.injectFault({ type: 'status', status: 503, times: 100 });
    await relay.recordConversion({ order: order('o-gone'), attribution: saved() });
    await relay.flush();
    const explanation = await relay.explainOrder('o-gone');
    expect(explanation).toMatchObject({
      verdict: 'failed',
      networks: { avantlink: { state: 'failed', status: 'failed', attempts: 3 } },
    });
    expect(explanation.networks.avantlink?.log.map((entry) => entry.outcome)).toEqual([
      'pending',
      'pending',
      'failed',
    ]);
    expect(explanation.hint).toMatch(
      /^AvantLink could not be reached in 3 attempts .*503.*Once it is back: Retry now\.$/,
    );
  });

  it('sent: taken at the first attempt, with the time and the request as sent', async () => {
    const relay = relayWith();
    await relay.recordConversion({ order: order('o-ok'), attribution: saved() });
    const explanation = await relay.explainOrder('o-ok');
    expect(explanation).toMatchObject({
      verdict: 'sent',
      decision: { source: 'saved', visitorId: VISITOR_ID, winners: ['avantlink'] },
      networks: { avantlink: { state: 'sent', attempts: 1, log: [{ attempt: 1, outcome: 'sent' }] } },
    });
    expect(explanation.hint).toMatch(/^AvantLink took the order at .* UTC \(attempt 1\)\.$/);
  });

  it('no-touch: the clicks on record are of a network this relay does not report to', async () => {
    const { avantlink, delivery } = fakeNetworksConfig(net);
    const relay = createRelay({
      avantlink,
      delivery,
      cookie: { secret: SECRET },
      store: createMemoryStore(),
    });
    relays.push(relay);
    await relay.recordConversion({ order: order('o-other'), attribution: saved(afliteTouch()) });
    expect(await relay.explainOrder('o-other')).toMatchObject({
      verdict: 'no-touch',
      networks: { avantlink: { state: 'not-credited', reason: 'no-touch' } },
    });
  });
});
