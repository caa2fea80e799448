import type { NetworkId } from '@affiliate-relay/core';
import {
  type FakeAfliteServer,
  type FakeAvantLinkServer,
  type RecordedRequest,
  startFakeAflite,
  startFakeAvantLink,
} from '@affiliate-relay/testkit';
import { DEMO_AVANTLINK_LEGACY, type DemoConfig } from './config';

/*
 * The two networks the demo talks to: the testkit's fakes on random loopback ports (the default),
 * or the real ones when their variables are set. Faults are counted here so that the console can
 * say how many calls still fail.
 */

/** The faults the console offers: an answer of 503, or a connection dropped without an answer. */
export type FaultKind = '503' | 'drop';

export interface NetworkHandle {
  id: NetworkId;
  mode: 'fake' | 'real';
  /** Base URL the client uses. */
  baseUrl: string;
  /** The fake, when the network is one. */
  fake: FakeAvantLinkServer | FakeAfliteServer | undefined;
  /** Calls that will still fail (injected and not yet used). */
  faultsPending(): number;
  injectFault(kind: FaultKind, times: number): void;
  /** The network is back: the faults not yet used are dropped. */
  clearFaults(): void;
}

export interface Networks {
  avantlink: NetworkHandle & { fake: FakeAvantLinkServer | undefined };
  aflite: NetworkHandle & { fake: FakeAfliteServer | undefined };
  /** Every request the fakes received, oldest first. */
  recorded(): { network: NetworkId; request: RecordedRequest }[];
  /** Forgets every fake's requests, data and faults. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the fakes the configuration asks for.
 *
 * @example
 * const networks = await startNetworks(loadConfig());
 * networks.avantlink.injectFault('503', 3);
 */
export async function startNetworks(config: DemoConfig): Promise<Networks> {
  const avantlinkFake =
    config.avantlink.mode === 'fake'
      ? await startFakeAvantLink({
          merchantId: config.avantlink.merchantId,
          authKey: DEMO_AVANTLINK_LEGACY.authKey,
          legacyMerchantId: DEMO_AVANTLINK_LEGACY.merchantId,
        })
      : undefined;
  const afliteFake =
    config.aflite.mode === 'fake'
      ? await startFakeAflite({ apiKey: config.aflite.apiKey, merchantId: config.aflite.merchantId })
      : undefined;
  const avantlink = handle('avantlink', avantlinkFake, config.avantlink.baseUrl);
  const aflite = handle('aflite', afliteFake, config.aflite.baseUrl);
  return {
    avantlink,
    aflite,
    recorded() {
      const all = [
        ...(avantlinkFake?.requests ?? []).map((request) => ({ network: 'avantlink' as const, request })),
        ...(afliteFake?.requests ?? []).map((request) => ({ network: 'aflite' as const, request })),
      ];
      return all.sort((a, b) => a.request.at - b.request.at);
    },
    reset() {
      avantlinkFake?.reset();
      afliteFake?.reset();
    },
    async close() {
      await Promise.all([avantlinkFake?.close(), afliteFake?.close()]);
    },
  };
}

function handle<Fake extends FakeAvantLinkServer | FakeAfliteServer>(
  id: NetworkId,
  fake: Fake | undefined,
  realBaseUrl: string | undefined,
): NetworkHandle & { fake: Fake | undefined } {
  return {
    id,
    mode: fake ? 'fake' : 'real',
    baseUrl: fake?.url ?? realBaseUrl ?? '',
    fake,
    faultsPending: () => fake?.pendingFaults ?? 0,
    injectFault(kind, times) {
      if (!fake) throw new Error(`${id} is the real network: faults can only be injected into a fake`);
      fake.injectFault(kind === 'drop' ? { type: 'drop', times } : { type: 'status', status: 503, times });
    },
    clearFaults() {
      fake?.clearFaults();
    },
  };
}
