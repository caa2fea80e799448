import { DAY_MS, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { attribution, order, useConversionSetup } from '../../../test/fixtures/conversion';
import { afliteTouch, avantlinkTouch } from '../../../test/fixtures/relay';
import { createMemoryStore } from '../../delivery/memory-store';

const { avantlink, aflite, relayWith } = useConversionSetup();

describe('recordConversion: who gets the sale', () => {
  it('sends nothing with attribution: null (none on purpose), says why, and records nothing', async () => {
    const store = createMemoryStore();
    const result = await relayWith({ store }).recordConversion({ order, attribution: null });
    expect(result).toMatchObject({
      orderId: 'order-1',
      decision: { reason: 'no-touches', explanation: 'No affiliate click is on record.' },
      results: {
        avantlink: { status: 'skipped', reason: 'no-attribution' },
        aflite: { status: 'skipped', reason: 'no-attribution' },
      },
    });
    expect([avantlink.requests, aflite.requests, await store.list('order', 'order-1')]).toEqual([[], [], []]);
  });

  it('skips an expired click with the reason expired', async () => {
    const old = avantlinkTouch({ capturedAt: Date.now() - 31 * DAY_MS });
    const { results } = await relayWith().recordConversion({ order, attribution: attribution([old]) });
    expect(results).toEqual({
      avantlink: { status: 'skipped', reason: 'expired' },
      aflite: { status: 'skipped', reason: 'no-touch' },
    });
    expect(avantlink.requests).toEqual([]);
  });

  it('honours each network’s window, counted from the sale', async () => {
    const relay = relayWith({ attribution: { windows: { avantlink: 2 } } });
    const inside = await relay.recordConversion({
      order,
      attribution: attribution([avantlinkTouch({ capturedAt: Date.now() - 2 * DAY_MS + 60_000 })]),
    });
    expect(inside.results.avantlink).toEqual({ status: 'sent' });
    const outside = await relay.recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution([avantlinkTouch({ capturedAt: Date.now() - 2 * DAY_MS - 60_000 })]),
    });
    expect(outside.results.avantlink).toEqual({ status: 'skipped', reason: 'expired' });
  });

  it('last click wins by default: the other network is not-selected', async () => {
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const { results, decision } = await relayWith().recordConversion({
      order,
      attribution: attribution(touches),
    });
    expect(results).toEqual({
      aflite: { status: 'sent' },
      avantlink: { status: 'skipped', reason: 'not-selected' },
    });
    expect(decision.winners.map((touch) => touch.network)).toEqual(['aflite']);
    expect(avantlink.requests).toEqual([]);
  });

  it('credits every network with policy all, and the oldest with first-click', async () => {
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const all = await relayWith({ attribution: { policy: 'all' } }).recordConversion({
      order,
      attribution: attribution(touches),
    });
    expect(all.results).toEqual({ avantlink: { status: 'sent' }, aflite: { status: 'sent' } });
    const first = await relayWith({ attribution: { policy: 'first-click' } }).recordConversion({
      order: { ...order, orderId: 'order-2' },
      attribution: attribution(touches),
    });
    expect(first.results.avantlink).toEqual({ status: 'sent' });
  });

  it('ignores touches of a network the relay does not configure', async () => {
    const relay = relayWith({ aflite: undefined });
    const touches = [
      avantlinkTouch({ capturedAt: Date.now() - 5000 }),
      afliteTouch({ capturedAt: Date.now() - 1000 }),
    ];
    const { results } = await relay.recordConversion({ order, attribution: attribution(touches) });
    expect(results).toEqual({ avantlink: { status: 'sent' } });
  });
});

describe('recordConversion: bad input throws before anything is recorded or sent', () => {
  it('a bad order is a ValidationError naming its fields', async () => {
    const store = createMemoryStore();
    const relay = relayWith({ store });
    const bad = { orderId: '', subtotal: -1, currency: 'usd' };
    await expect(relay.recordConversion({ order: bad, attribution: attribution() })).rejects.toThrow(
      ValidationError,
    );
    await expect(relay.recordConversion({ order: bad, attribution: attribution() })).rejects.toThrow(
      /orderId.*subtotal.*currency/,
    );
    await expect(relay.recordConversion(undefined as never)).rejects.toThrow(ValidationError);
    expect([avantlink.requests, await store.list('order', '')]).toEqual([[], []]);
  });

  it('an email as user id is refused (hash it first)', async () => {
    await expect(
      relayWith().recordConversion({ order, attribution: attribution(), user: { id: 'ann@example.com' } }),
    ).rejects.toThrow(/user\.id/);
  });

  it('an order AvantLink would refuse (an extra field overwriting a documented one) is refused now', async () => {
    const store = createMemoryStore();
    const withClash = { ...order, extra: { order_number: 'other' } };
    await expect(
      relayWith({ store }).recordConversion({ order: withClash, attribution: attribution() }),
    ).rejects.toThrow(ValidationError);
    expect(await store.list('order', 'order-1')).toEqual([]);
  });

  it('a saved attribution that is not valid is a ValidationError', async () => {
    await expect(relayWith().recordConversion({ order, attribution: '{"touches": "nope"}' })).rejects.toThrow(
      ValidationError,
    );
  });
});
