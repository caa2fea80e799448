import type { AttemptLogEntry, DecisionNote, DeliveryError, DeliveryStatus } from '../../delivery/contract';

/**
 * The one-word answer of {@link OrderExplanation}:
 * - `unknown`: no record of this order id (never recorded, recorded by another store, or past `retentionDays`);
 * - `no-attribution`: recorded with no affiliate click on record (no cookie, no saved attribution);
 * - `expired`: the shopper's clicks were all older than their network's window;
 * - `no-touch`: the shopper's clicks were of no network this relay reports to;
 * - `sent`: every network credited took the order;
 * - `pending`: a network has not taken it yet (unreachable, or an attempt under way): the relay retries;
 * - `refused`: a network refused it (a 4xx, or a 200 whose text is an error): sending it again as it is fails the same way;
 * - `failed`: the relay gave up after `maxAttempts` on a network that could not be reached;
 * - `duplicate`: sent, and the same order id was recorded again: a repeat is never sent.
 * With several networks credited (`policy: 'all'`), the worst wins: refused, failed, pending, then sent.
 */
export type ExplanationVerdict =
  | 'unknown'
  | 'no-attribution'
  | 'expired'
  | 'no-touch'
  | 'sent'
  | 'pending'
  | 'refused'
  | 'failed'
  | 'duplicate';

/** One network's part in an order's explanation. */
export interface NetworkExplanation {
  /** The network's id (`avantlink`…). */
  network: string;
  /** Its name as people write it (`AvantLink`). */
  name: string;
  /**
   * `sent`, `pending` (waiting for its next attempt), `sending` (an attempt is under way now),
   * `refused`, `failed` (given up), or `not-credited` (nothing was sent to it, see `reason`).
   */
  state: 'sent' | 'pending' | 'sending' | 'refused' | 'failed' | 'not-credited';
  /** Why it was not credited: `no-attribution`, `no-touch`, `expired`, `not-selected`, `recorded-before`. */
  reason?: string;
  /** The delivery's status in the store (absent when not credited). */
  status?: DeliveryStatus;
  /** Attempts started. */
  attempts: number;
  /** The last attempts, oldest first, each with its outcome, error (the network's answer in its message) and next due time. */
  log: AttemptLogEntry[];
  /** An attempt was started and no outcome was saved (the process stopped mid-send): the next one checks first where the network can tell (Aflite's goal feed). */
  unfinishedAttempt?: boolean;
  /** The request as stored and sent, secrets redacted (the stored request holds none; redacted again to be sure). */
  request?: object;
  /** When the next attempt is due, for a pending delivery. */
  nextAttemptAt?: number;
  /** Why the last attempt did not send. */
  lastError?: DeliveryError;
  /** One line a person can act on. */
  hint: string;
}

/**
 * What `relay.explainOrder(orderId)` resolves: everything the store keeps of one order, read for a
 * person (`verdict`, `hint`) and for a program (the rest). Plain JSON.
 */
export interface OrderExplanation {
  orderId: string;
  /** Whether the store knows this order id. */
  found: boolean;
  verdict: ExplanationVerdict;
  /** One line a person can act on, e.g. `waiting: AvantLink unreachable since 10:42:03 UTC (…), next attempt 11:14:03 UTC`. */
  hint: string;
  /** When the order was first recorded, ms since the epoch. */
  recordedAt?: number;
  /** What the relay knew and decided when it recorded the order: attribution source, touches, policy, windows, winners, reasons. */
  decision?: DecisionNote;
  /** The same order id recorded again (each refused as a duplicate). */
  repeats?: { count: number; lastAt: number };
  /** Per network: what was sent, every attempt kept, its state now. */
  networks: Record<string, NetworkExplanation>;
  /** Recorded in test mode: nothing counts at the network. */
  test?: true;
}

/** What `relay.redeliver` takes. */
export interface RedeliverOptions {
  /** Only this network's delivery of the order. Default: every network's. */
  network?: string;
}

/** What `relay.redeliver` did, per network. */
export interface RedeliverResult {
  orderId: string;
  /**
   * Per network: `due` (made due now; `sent`/`pending`/`failed` after the attempt the relay then made),
   * `already-sent` (the network took it: never resent), `in-flight` (an attempt is under way now).
   */
  networks: Record<string, { action: 'due' | 'already-sent' | 'in-flight'; status: DeliveryStatus }>;
  /** The order's explanation after it. */
  explanation: OrderExplanation;
}
