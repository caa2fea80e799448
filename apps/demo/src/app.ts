import type { DemoConfig } from './config';
import type { HostedCheckout } from './hosted/hosted-checkout';
import type { Networks } from './networks';
import { OrderBook } from './orders';
import { ActivityLog } from './qa/activity-log';
import { createDemoRelay, type DemoRelay, deleteStoreFile } from './relay';

/**
 * Everything the demo's routes share: its settings, the networks, the relay, the orders and the
 * activity log. The relay is rebuilt on reset (its store's file deleted: nothing pending survives).
 */
export class DemoApp {
  readonly orders = new OrderBook();
  readonly activity = new ActivityLog();
  #relay: DemoRelay;

  constructor(
    readonly config: DemoConfig,
    readonly networks: Networks,
    /** The hosted checkout on another origin (a second port), standing in for Stripe Checkout. */
    readonly hosted: HostedCheckout,
    /** The storefront's own origin, such as `http://127.0.0.1:4310`. */
    public origin = '',
  ) {
    this.#relay = createDemoRelay(config, networks, this.activity.logger);
    for (const network of [networks.avantlink, networks.aflite]) {
      network.fake?.onRequest(() => this.activity.changed());
    }
  }

  get relay(): DemoRelay['relay'] {
    return this.#relay.relay;
  }

  get store(): DemoRelay['store'] {
    return this.#relay.store;
  }

  /** Forgets orders, the log, the fakes' recordings and faults, and every pending delivery. */
  async reset(): Promise<void> {
    const previous = this.#relay;
    // Closed first, so that nothing it still sends lands after the fakes forgot everything, and
    // its file is let go of before it is deleted.
    await previous.relay.close().catch(() => undefined);
    await previous.store.close?.().catch(() => undefined);
    deleteStoreFile(previous.path);
    this.#relay = createDemoRelay(this.config, this.networks, this.activity.logger);
    this.networks.reset();
    this.orders.clear();
    this.activity.clear();
  }

  async close(): Promise<void> {
    await this.#relay.relay.close().catch(() => undefined);
    await this.#relay.store.close?.().catch(() => undefined);
    await this.hosted.close();
    await this.networks.close();
  }
}
