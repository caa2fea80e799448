import type { AvantLinkAdjustmentType, NetworkId } from '@affiliate-relay/core';

/*
 * The outbox: every network call the relay makes (a click, an order) is first written to a
 * DeliveryStore, then sent by the worker. A record is plain JSON, so a store may keep it in a row;
 * it holds no secret (the Aflite key stays in the client). Records are versioned when stored
 * (`record-format.ts`), so what one release recorded, the next one still reads.
 */

/**
 * What a delivery reports: an AvantLink click, an order (AvantLink order call or Aflite goal), or a
 * reversal of an order's commission (AvantLink's legacy adjustment). `decision` is no network call:
 * it keeps why an order was credited to no network (or was recorded again), for `explainOrder`;
 * it is stored `sent` (nothing to send), so no worker ever claims it, and it is purged with the
 * finished deliveries after the retention period.
 */
export type DeliveryKind = 'click' | 'order' | 'reversal' | 'decision';

/**
 * A reversal as recorded: what `AvantLinkClient.adjustOrder` sends, and what the returns file lists.
 * Its record's key is `{orderId}#{n}`, n = 1, 2… for the order's reversals in the order recorded.
 */
export interface ReversalRequest {
  /** The caller's idempotency key. */
  reversalId: string;
  /** The order reversed (its `order_number` at AvantLink). */
  orderId: string;
  /** A plain decimal with 2 decimals. */
  amount: string;
  /** `RETURN`, `CANCELED`, `FRAUD` or `ADJUSTMENT`. */
  type: AvantLinkAdjustmentType;
  /** The lines reversed, when given by items. */
  items?: { sku: string; quantity: number; amount: string }[];
  /** When the order was reported (ms since the epoch), for the returns file's 30 days. */
  orderedAt: number;
}

/** A network's own request, as stored with its delivery (plain JSON, no secret). */
export type NetworkRequest = object;

/**
 * `pending`: not yet taken by the network (being sent, or waiting for its next attempt). The relay's
 * results, events and `status()` use the same names.
 */
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** An error as a record keeps it (plain JSON; messages come redacted from the clients). */
export interface DeliveryError {
  /** The error's class name (`HttpError`, `TimeoutError`…). */
  name: string;
  /** Its message, redacted. */
  message: string;
  /** Its `AffiliateRelayError` code, when it has one. */
  code?: string;
  /** The HTTP status, for an HttpError. */
  status?: number;
}

/**
 * The fields every {@link DeliveryRecord} has, whatever its kind. A stored record is checked by its schema
 * (`record-schema.ts`) when read back: the fields below are checked, and any other field passes through
 * untouched (also inside `request` and `lastError`), so a field added here later, or by a newer minor, is kept
 * as it was stored and never makes an older record unreadable. A new field needs no change to the schema unless
 * it must be checked.
 */
export interface DeliveryRecordBase {
  /**
   * The dedupe key within its kind: the order id for an order, the click's network, id and visitor
   * for a click. A key is recorded once: a second `create` with it is refused.
   */
  key: string;
  /** `pending` until the network takes it (`sent`) or it is given up on (`failed`). */
  status: DeliveryStatus;
  /** Attempts started, counted before each send: after a crash, a value above 1 means "may have left". */
  attempts: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When it last changed (an attempt's outcome), in ms since the epoch: retention counts from it. */
  updatedAt: number;
  /** When a pending delivery is due (again). */
  nextAttemptAt: number;
  /** While set and in the future, a worker is sending it: nobody else may. */
  lockedUntil?: number;
  /** Who holds the lock: an update that carries another token is refused (fencing). */
  lockToken?: string;
  /** The relay instance that recorded it (`close()` sends only its own). */
  owner?: string;
  /** Why the last attempt did not send. */
  lastError?: DeliveryError;
  /**
   * Reversals only: set (ms since the epoch) just before the network call, cleared when its outcome
   * is saved. Found set on a claim, the worker that held it died mid-call: AvantLink may have
   * applied it, and an adjustment is never sent twice blindly.
   */
  sendingSince?: number;
  /**
   * The last attempts, oldest first (at most {@link ATTEMPT_LOG_SIZE}: a delivery that retries for
   * days keeps a bounded record), each written with the outcome it came to, for `explainOrder`.
   * Absent on records written before it existed. Plain JSON, redacted as the errors are.
   */
  log?: AttemptLogEntry[];
  /**
   * Orders and decisions only: what the relay knew and decided when the order was recorded (the
   * attribution, the policy, who won and why the others did not), for `explainOrder`.
   */
  decision?: DecisionNote;
  /** When someone last asked for this delivery at once (`relay.redeliver`, the command line), ms since the epoch. */
  redeliveredAt?: number;
  /**
   * Recorded in test mode (`createRelay({ testMode: true })`): sent only by a relay in test mode, through
   * its network's test path (Aflite's `traceOnly=1`); a relay in live mode never sends it (it ends
   * `failed`, saying so). Absent on a live delivery.
   */
  test?: true;
}

/** How many attempts a record's {@link DeliveryRecordBase.log} keeps (the newest). */
export const ATTEMPT_LOG_SIZE = 10;

/** One attempt of a delivery, as its record keeps it. */
export interface AttemptLogEntry {
  /** The attempt's number (`attempts` when it started). */
  attempt: number;
  /** When its outcome was known, ms since the epoch. */
  at: number;
  /** What it came to: `pending` means it is tried again at `nextAttemptAt`. */
  outcome: DeliveryStatus;
  /** Why it did not send (the network's answer is in the message, cut at 300 characters and redacted). */
  error?: DeliveryError;
  /** When the next attempt is due, for a `pending` outcome. */
  nextAttemptAt?: number;
}

/** A touch as a {@link DecisionNote} keeps it. */
export interface NotedTouch {
  network: string;
  clickId: string;
  /** When the click was captured, ms since the epoch. */
  capturedAt: number;
  /** Where it landed (cut at 500 characters). */
  landingUrl?: string;
}

/**
 * What the relay knew and decided when it recorded an order: kept with its deliveries (or, for an
 * order credited to nobody, in a `decision` record under the order's id), so that it outlives the
 * checkout's answer and a restart.
 */
export interface DecisionNote {
  /** When the order was recorded, ms since the epoch. */
  at: number;
  /**
   * Where the attribution came from: `server-cookie` (signed), `browser-cookie` (the script's),
   * `saved` (an attribution saved with the cart, passed as `attribution`), or `none`.
   */
  source: 'server-cookie' | 'browser-cookie' | 'saved' | 'none';
  /** The visitor id of the attribution, when known. */
  visitorId?: string;
  /** Every touch of a configured network the relay saw (at most one a network). */
  touches: NotedTouch[];
  /** The attribution policy (`last-click`, …). */
  policy: string;
  /** Each configured network's window, in days. */
  windows: Record<string, number>;
  /** Core's reason: `selected`, `no-touches` or `all-expired`. */
  reason: string;
  /** Core's one-sentence explanation. */
  explanation: string;
  /** The networks credited. */
  winners: string[];
  /** For each configured network not credited, why (a `SkipReason`: `no-attribution`, `no-touch`, `expired`, `not-selected`, …). */
  notCredited: Record<string, string>;
  /**
   * For an order credited to nobody: what the relay's consent rule (`consent` option) says of the
   * checkout request, when it refuses (`gpc`: it sends `Sec-GPC: 1`; `denied`: `consent.allows` said
   * no). Such a shopper's clicks were never stored, which is why there is no attribution.
   */
  consent?: 'gpc' | 'denied';
  /** The order recorded again with the same id (refused as duplicates): how often, and the last time. */
  repeats?: { count: number; lastAt: number };
}

/**
 * One network call to make, with what to send (again): the network's own request (its definition
 * builds and reads it), or for a reversal the relay's {@link ReversalRequest}.
 */
export type DeliveryRecord = DeliveryRecordBase &
  (
    | { kind: 'click' | 'order' | 'decision'; network: NetworkId; request: object }
    | { kind: 'reversal'; network: NetworkId; request: ReversalRequest }
  );

/**
 * A checkout hand-off as a store keeps it (`relay.createHandoff`): the attribution a shopper had when
 * their checkout left for another site (Stripe, PayPal, Shopify), under an opaque random id. The token
 * the platform carries holds only that id, its expiry and a signature; what it names is here, on the
 * shop's side. Plain JSON, no secret.
 */
export interface HandoffRecord {
  /** The random id (22 characters of base64url): the primary key. */
  id: string;
  /** The attribution at the hand-off: `{ visitorId?, touches, source, userAgent? }`, as `attributionFrom` gives it. */
  attribution: { visitorId?: string; touches: object[]; source: string; userAgent?: string };
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When the hand-off stops counting (ms since the epoch); `purge` forgets it after that. */
  expiresAt: number;
}

/** What {@link DeliveryStore.claim} takes. */
export interface ClaimOptions {
  /** The current time. */
  now: number;
  /** The lock to set on each record claimed. */
  lockUntil: number;
  /** The token that marks each record claimed as held by this caller. */
  lockToken: string;
  /** Most records to claim. */
  limit: number;
  /** Only records for this network. Default: every network. */
  network?: NetworkId;
  /** Only records this relay instance created (`close()`). Default: anyone's. */
  owner?: string;
  /**
   * Only records of these kinds (the worker claims orders apart from clicks, so that clicks waiting
   * never hold an order's place). Default: every kind.
   */
  kinds?: readonly DeliveryKind[];
}

/** What {@link DeliveryStore.stats} tells. */
export interface DeliveryStats {
  /** Deliveries not yet taken by their network. */
  pending: number;
  /** Of those, clicks. */
  pendingClicks: number;
  /** Deliveries given up on (kept until the retention period ends). */
  failed: number;
  /** Creation time of the oldest pending delivery. */
  oldestPendingAt?: number;
}

/** What a store tells the operator (a `warning` event of the relay). */
export interface StoreWarning {
  /**
   * `store-file-replaced`: the store's file was deleted or replaced under the running relay, and
   * what the open database held was copied into a new file at the path. `ephemeral-store`: the
   * file is on a filesystem that does not survive a redeploy or reboot (overlay, tmpfs).
   * `unreadable-record`: a claim found a stored record it cannot read (its JSON hand-edited or damaged): the
   * message names the delivery and each faulty field; the row is marked failed and kept, never sent.
   */
  code: 'store-file-replaced' | 'ephemeral-store' | 'unreadable-record';
  message: string;
}

/**
 * Storage of deliveries. Implement it over a shared database to dedupe and redeliver across a
 * fleet of servers; each method must be atomic with respect to the others. Every store the
 * package ships (`createSqliteStore`, `createPostgresStore`, `createMemoryStore`) passes one
 * contract suite.
 *
 * @example
 * const relay = createRelay({ cookie: { secret }, avantlink: { merchantId }, store: createMemoryStore() });
 */
export interface DeliveryStore {
  /** Names the store in `relay.status()`. Default: `'custom'`. */
  readonly type?: 'sqlite' | 'postgres' | 'memory' | 'custom';
  /**
   * Records the deliveries of one key (all of one kind and key, one per network). Resolves `false`
   * and records nothing when that kind and key are already known, whatever the state of their
   * deliveries: this is the dedupe, so it must be atomic (a unique key).
   */
  create(records: readonly DeliveryRecord[]): Promise<boolean>;
  /**
   * Saves a delivery's new state, matched by kind, key and network, only while the caller still
   * holds it: the stored `lockToken` must equal the record's. Resolves whether it was saved (a
   * worker whose lock lapsed and was taken over gets `false` and must not act on the outcome).
   */
  update(record: DeliveryRecord): Promise<boolean>;
  /**
   * Takes due pending deliveries that nobody holds (`lockedUntil` absent or past, `nextAttemptAt`
   * come), oldest due first, sets their lock and token, adds one to `attempts`, and returns them.
   * Atomic: two workers never get the same record.
   */
  claim(options: ClaimOptions): Promise<DeliveryRecord[]>;
  /** The deliveries of one key (empty when unknown), for reversals, consoles and tests. */
  list(kind: DeliveryKind, key: string): Promise<DeliveryRecord[]>;
  /** Counts for `relay.status()` and the pending-click cap. */
  stats(): Promise<DeliveryStats>;
  /**
   * Deletes finished (sent or failed) deliveries last updated before `before`, and the keys whose
   * deliveries are all gone, and hand-offs that expired before `before`. Resolves how many deliveries
   * were deleted (hand-offs are not counted).
   */
  purge(before: number): Promise<number>;
  /**
   * How many deliveries of `kind` were sent (status `sent`) with `updatedAt` at or after `since`:
   * the reversals sent today, against AvantLink's 3,000 requests a day. Optional: without it the
   * relay counts only its own process's sends.
   */
  countSent?(kind: DeliveryKind, since: number): Promise<number>;
  /**
   * The deliveries of `kind` created at or after `from` and before `to`, oldest first: the
   * reversals of a period, for the returns file. Optional: without it `relay.returnsFile` throws.
   */
  listCreated?(kind: DeliveryKind, from: number, to: number): Promise<DeliveryRecord[]>;
  /**
   * Deletes the visitor's pending click deliveries (kind `click`, status `pending`, key beginning with the
   * visitor id and a space: `delivery/click-key.ts`), for a withdrawal of consent and `relay.forget`; never an
   * order, a reversal or a click already sent or failed. A click a worker holds is deleted too (its outcome is then
   * not saved: its update finds nothing). The keys stay, for dedupe. Resolves the deliveries deleted. Optional:
   * without it a withdrawal drops no click (`relay.forget` says so).
   */
  dropPendingClicks?(visitorId: string): Promise<DeliveryRecord[]>;
  /**
   * Up to `limit` deliveries (orders, clicks, reversals; never `decision` records) with this status,
   * oldest created first: what `npx affiliate-relay list --failed` shows. Optional: without it the
   * command line says the store cannot list.
   */
  listByStatus?(status: 'pending' | 'failed', limit: number): Promise<DeliveryRecord[]>;
  /**
   * Pending and failed deliveries counted per network: `npx affiliate-relay status`. Optional.
   */
  countByNetwork?(): Promise<Record<string, { pending: number; failed: number }>>;
  /**
   * Takes the function the store calls with what the operator should know (the relay passes one that
   * emits a `warning` event); warnings from before the call are given to it at once. Optional.
   */
  onWarning?(listener: (warning: StoreWarning) => void): void;
  /**
   * Keeps a checkout hand-off (`relay.createHandoff`). Its `id` is random and new: a store may refuse
   * (throw) a second save of one id. Optional: without it (with `readHandoff`), `createHandoff` throws a
   * ConfigError. Hand-offs are kept apart from deliveries (their own table): they are no network call,
   * count in no stat, and are deleted by `purge` once expired before its cut-off.
   */
  saveHandoff?(record: HandoffRecord): Promise<void>;
  /** The hand-off of this id, or `undefined` when unknown (never saved, or purged). Optional, with `saveHandoff`. */
  readHandoff?(id: string): Promise<HandoffRecord | undefined>;
  /** Releases what the store holds (a database file). Called by `relay.close()` for a store it opened. */
  close?(): Promise<void>;
}
