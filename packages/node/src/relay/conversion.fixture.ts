import {
  afliteHandlers,
  avantLinkHandlers,
  createAfliteFake,
  createAvantLinkFake,
} from '@affiliate-relay/testkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RelayEvent } from '../http/events';
import type { RelayConfig } from './config';
import { createRelay, type Relay } from './create-relay';
import { avantlinkTouch, FAST_RETRY, MERCHANT_ID, SECRET, VISITOR_ID } from './relay.fixture';

/*
 * What the conversion unit tests share: msw serving the testkit's fake AvantLink and Aflite, and
 * relays that are closed (and fakes reset) after each test. Call `useConversionSetup()` at the top
 * of a test file.
 */

export const order = { orderId: 'order-1', subtotal: 100, currency: 'USD' };

export const attribution = (touches = [avantlinkTouch()]) => ({
  visitorId: VISITOR_ID,
  touches,
  source: 'server-cookie' as const,
});

export function useConversionSetup() {
  const avantlink = createAvantLinkFake();
  const aflite = createAfliteFake();
  const server = setupServer(...avantLinkHandlers({ fake: avantlink }), ...afliteHandlers({ fake: aflite }));
  const relays: Relay[] = [];
  const events: RelayEvent[] = [];

  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.close()));
    avantlink.reset();
    aflite.reset();
    events.length = 0;
  });
  afterAll(() => server.close());

  function relayWith(config: Partial<RelayConfig> = {}): Relay {
    const relay = createRelay({
      avantlink: { merchantId: MERCHANT_ID, retry: FAST_RETRY },
      aflite: { apiKey: 'test-api-key', merchantId: 'test-merchant', goalId: '7', retry: FAST_RETRY },
      cookie: { secret: SECRET },
      logger: (event) => events.push(event),
      // A generous checkout budget: on a loaded machine a loopback answer can take a second.
      delivery: { pollMs: 0, retryDelayMs: 0, checkoutBudgetMs: 5_000 },
      ...config,
    });
    relays.push(relay);
    return relay;
  }

  return { avantlink, aflite, events, relayWith };
}
