import {
  type FakeAflite,
  type FakeAvantLink,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RelayConfig } from './config';
import { FAST_RETRY, MERCHANT_ID } from './relay.fixture';

export interface FakeNetworks {
  avantlink: FakeAvantLink;
  aflite: FakeAflite;
}

/**
 * Both fake networks on real loopback ports for the calling test file: started once, reset after
 * each test, closed at the end. Call it before registering the file's own `afterEach`, so that
 * relays are closed before the fakes forget what they received.
 */
export function useFakeNetworks(): FakeNetworks {
  const fakes = {} as FakeNetworks;
  beforeAll(async () => {
    fakes.avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
    fakes.aflite = await startFakeAflite();
  });
  afterEach(() => {
    fakes.avantlink.reset();
    fakes.aflite.reset();
  });
  afterAll(async () => {
    await fakes.avantlink.close();
    await fakes.aflite.close();
  });
  return fakes;
}

/** The relay's config of both networks, pointed at the fakes, with fast retries, no polling and no wait before a retry. */
export function fakeNetworksConfig(
  fakes: FakeNetworks,
): Pick<RelayConfig, 'avantlink' | 'aflite' | 'delivery'> {
  return {
    avantlink: { merchantId: MERCHANT_ID, baseUrl: fakes.avantlink.url, retry: FAST_RETRY },
    aflite: {
      apiKey: 'test-api-key',
      merchantId: 'test-merchant',
      goalId: '7',
      baseUrl: fakes.aflite.url,
      retry: FAST_RETRY,
    },
    // A generous checkout budget: on a loaded machine a loopback answer can take a second.
    delivery: { pollMs: 0, retryDelayMs: 0, checkoutBudgetMs: 5_000 },
  };
}
