import type { AfliteGoalInput } from '../clients/aflite/types';
import type { AvantLinkOrderInput } from '../clients/avantlink/types';

/*
 * Where the relay records each conversion, per order id and network, before and after the network
 * call. It is what makes a repeated `recordConversion` a `duplicate` (no second call) and what
 * redelivers a conversion that a network did not take. Everything in a record is plain JSON, so a
 * store may keep it in a database row. No secret is in a record (the Aflite key stays in the client).
 */

/** `pending`: not yet taken by the network (being sent, or waiting for redelivery). */
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** An error as a record keeps it (plain JSON; messages come redacted from the clients). */
export interface DeliveryError {
  name: string;
  message: string;
  code?: string;
  /** The HTTP status, for an HttpError. */
  status?: number;
}

interface DeliveryRecordBase {
  orderId: string;
  status: DeliveryStatus;
  /** Attempts made by the relay (each may include the client's own retries). */
  attempts: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** When a pending delivery is due again. */
  nextAttemptAt: number;
  /** While set and in the future, a worker is sending it: nobody else may. */
  lockedUntil?: number;
  lastError?: DeliveryError;
}

/** One order's delivery to one network, with what to send (again). */
export type DeliveryRecord = DeliveryRecordBase &
  ({ network: 'avantlink'; request: AvantLinkOrderInput } | { network: 'aflite'; request: AfliteGoalInput });

/** What {@link DeliveryStore.claim} takes. */
export interface ClaimOptions {
  /** The current time. */
  now: number;
  /** The lock to set on each record claimed. */
  lockUntil: number;
  /** Most records to claim. */
  limit: number;
  /** Only records whose `nextAttemptAt` has come (the timer); `false` takes every unlocked pending one (`flush()`). */
  dueOnly: boolean;
}

/**
 * Storage of deliveries. Implement it over a shared database to dedupe and redeliver across a fleet
 * of servers; each method must be atomic with respect to the others.
 *
 * @example
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store: createMemoryStore() });
 */
export interface DeliveryStore {
  /**
   * Records a new order's deliveries (status `pending`, locked by the caller). Resolves `false` and
   * records nothing when the order id is already known, whatever the state of its deliveries:
   * this is the dedupe, so it must be atomic (a unique key on the order id).
   */
  create(orderId: string, records: readonly DeliveryRecord[]): Promise<boolean>;
  /** Saves a delivery's new state (matched by `orderId` and `network`). */
  update(record: DeliveryRecord): Promise<void>;
  /**
   * Takes pending deliveries that nobody holds (`lockedUntil` absent or past), sets their
   * `lockedUntil`, and returns them. Atomic: two workers never get the same record.
   */
  claim(options: ClaimOptions): Promise<DeliveryRecord[]>;
  /** The deliveries of one order (empty when unknown), for consoles and tests. */
  list(orderId: string): Promise<DeliveryRecord[]>;
}
