import type { ClickGate } from '../delivery/click-gate';
import type { DeliveryWorker } from '../delivery/worker/worker';
import type { ResolvedRelayConfig } from './resolve-config';

/** What the relay's methods share: its config, its worker, and its state. */
export interface RelayInternals {
  config: ResolvedRelayConfig;
  worker: DeliveryWorker;
  clickGate: ClickGate;
  /** This relay instance, the owner of the deliveries it records. */
  owner: string;
  /** Set by `close()`: beacons and conversions are refused from then on. */
  closed: boolean;
}
