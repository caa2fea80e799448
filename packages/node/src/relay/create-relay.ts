import type { IncomingMessage, ServerResponse } from 'node:http';
import { RelayClosedError } from '@affiliate-relay/core';
import { createClickGate } from '../delivery/click-gate';
import type { DeliveryStore } from '../delivery/contract';
import { createDeliveryWorker } from '../delivery/worker/worker';
import { type CaptureResult, captureFromRequest } from './collect/capture';
import { type CollectContext, collectAnswer, handleCollect } from './collect/collect';
import { nodeCollectInput } from './collect/node-body';
import { type CollectListenerOptions, createNodeListener, type NodeListener } from './collect/node-listener';
import type { RelayConfig } from './config';
import { type ForgetResult, forget } from './consent/forget';
import { recordConversion } from './conversion/conversion';
import type { ConversionInput, ConversionResult } from './conversion/conversion-types';
import { type Attribution, readAttributionFrom } from './cookie/read-attribution';
import { explainFromStore } from './explain/explain-order';
import type { OrderExplanation, RedeliverOptions, RedeliverResult } from './explain/explanation-types';
import { makeDue } from './explain/redeliver';
import { createHandoff } from './handoff/handoff';
import { handleHandoff } from './handoff/handoff-endpoint';
import type { RelayInternals } from './internals';
import { type ResolvedRelayConfig, resolveRelayConfig } from './resolve-config';
import { recordReversal, returnsFile } from './reversal/reversal';
import type { ReturnsFileRequest, ReversalInput, ReversalResult } from './reversal/reversal-types';
import { testModeMessage } from './test-mode';

/** What {@link Relay.flush} returns. */
export interface FlushResult {
  /** True when nothing due was left; false when the time ran out first. */
  completed: boolean;
}

/** What {@link Relay.status} resolves: for a health check, metrics, a console. */
export interface RelayStatus {
  /** The delivery store in use (`custom` for your own). */
  store: NonNullable<DeliveryStore['type']>;
  /** Deliveries (clicks and conversions) not yet taken by their network. */
  pending: number;
  /** Deliveries given up on (a network refused them, or `maxAttempts` ran out), within the retention period. */
  failed: number;
  /** Age of the oldest pending delivery, in ms; absent when none is pending. */
  oldestPendingMs?: number;
  /** Clicks this process dropped because `delivery.maxPendingClicks` was reached. */
  droppedClicks: number;
  /**
   * `test` in test mode (`testMode`, `AFFILIATE_RELAY_TEST_MODE`): deliveries are recorded as tests and
   * no real commission is paid; `live` otherwise.
   */
  mode: 'live' | 'test';
}

/** The merchant server's side of affiliate-relay. Every method may be passed around unbound. */
export interface Relay {
  /**
   * The collect endpoint, as a Web-standard handler (Next.js route handlers, Hono, Workers).
   * Use {@link Relay.collectListener} for `node:http` and Express.
   *
   * @example
   * // app/affiliate-relay/collect/route.ts (Next.js)
   * export const POST = (request: Request) => relay.handleCollect(request);
   */
  handleCollect(request: Request, context?: CollectContext): Promise<Response>;
  /**
   * The collect endpoint as a `node:http` request listener, which is also an Express (4 or 5) handler: the
   * same answers as `handleCollect`, read from the IncomingMessage without building a Web `Request`. The
   * socket's address goes in the context as `remoteAddress`; a body already read by a body parser
   * (`express.json()`, `express.text()`) is used as it was parsed; a request that throws goes to Express's
   * `next`, else gets a 500 that tells nothing. `Req` is the request type your framework passes.
   *
   * @example
   * http.createServer(relay.collectListener()).listen(3000);
   * app.post('/affiliate-relay/collect', relay.collectListener()); // Express
   * // With what your auth middleware put on the request:
   * relay.collectListener({ context: (req: express.Request & { user?: User }) => ({ userId: req.user?.id }) });
   */
  collectListener<Req extends IncomingMessage = IncomingMessage>(
    options?: CollectListenerOptions<Req>,
  ): (req: Req, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;
  /**
   * Captures the clicks of a landing rendered by your server, before any JavaScript runs. Takes a Web
   * `Request` or Node's `IncomingMessage` (Express's `req`, Fastify's `request.raw`). Add the returned
   * `setCookie` values to the page's response.
   *
   * @example
   * const { setCookie } = await relay.captureFromRequest(request);
   * for (const cookie of setCookie) headers.append('Set-Cookie', cookie);
   */
  captureFromRequest(request: Request | IncomingMessage, context?: CollectContext): Promise<CaptureResult>;
  /**
   * The visitor's attribution (visitor id and touches), from the signed server cookie, else the
   * browser script's cookie. Plain JSON: save it with a cart for a webhook to use later.
   *
   * @example
   * await db.carts.update(cartId, { attribution: JSON.stringify(await relay.attributionFrom(request)) });
   */
  attributionFrom(
    requestOrCookieHeader:
      | Request
      | { headers: Headers | Record<string, string | string[] | undefined> }
      | string
      | null
      | undefined,
  ): Promise<Attribution>;
  /**
   * A hand-off for a checkout that finishes on another site (Stripe Checkout, PayPal, Shopify): a token of
   * 79 characters of `[A-Za-z0-9_-]` (within Stripe's `client_reference_id`, PayPal's `custom_id` and any cart
   * attribute) that names the shopper's attribution now. The attribution stays in the delivery store under a
   * random id; the token carries that id, its expiry and an HMAC under the cookie secret, nothing personal.
   * Give it back to `recordConversion({ order, handoff })` in the platform's webhook. Takes the shopper's
   * request (its cookies) or an attribution (`attributionFrom`). A shopper without a click gets a token too
   * (no row is stored for it), so the field is never blank.
   *
   * @example
   * const handoff = await relay.createHandoff(request);
   * await stripe.checkout.sessions.create({ client_reference_id: handoff, … });
   */
  createHandoff(
    source: Request | { headers: Headers | Record<string, string | string[] | undefined> } | Attribution,
    options?: {
      /**
       * Days the hand-off counts: a webhook that brings it later is refused (`expired`). Each click
       * still counts only within its network's window. Default: the longest window of the configured networks.
       */
      expiresInDays?: number;
    },
  ): Promise<string>;
  /**
   * The hand-off endpoint, as a Web-standard handler: `POST` from the shop's own pages answers
   * `200 {"handoff":"ar1…"}` (`Cache-Control: no-store`) for the request's cookies, which the browser's
   * `@affiliate-relay/browser/handoff` puts where the checkout carries it (a Shopify cart attribute, a hidden
   * form field, a URL parameter). `405` for another method, `403` from another site (as the collect
   * endpoint: `allowedOrigins`), `503` when the store fails. Mount it at `/affiliate-relay/handoff`.
   *
   * @example
   * // app/affiliate-relay/handoff/route.ts (Next.js)
   * export const POST = (request: Request) => relay.handleHandoff(request);
   */
  handleHandoff(request: Request): Promise<Response>;
  /**
   * Reports an order to the network(s) that earned it (last click wins by default). Resolves one
   * result per configured network: `sent`, `skipped` (with the reason), `duplicate` (the order id
   * was seen before: nothing sent), `pending` (the network was unreachable: redelivered later) or
   * `failed`. Throws a ValidationError on a bad order, before anything is sent.
   *
   * @example
   * const { results } = await relay.recordConversion({
   *   order: { orderId: '12345', subtotal: 100, currency: 'USD' },
   *   request,
   * });
   */
  recordConversion(input: ConversionInput): Promise<ConversionResult>;
  /**
   * Reverses the commission of an order the relay reported (a return, a cancellation, fraud):
   * in full by default, in part with `amount` or `items`, never more in total than was reported
   * (a ValidationError says how much is left). Idempotent per `reversalId`, across retries and
   * restarts (`duplicate`). Written to the store first, then sent as an AvantLink adjustment (one
   * attempt, up to `avantlink.timeoutMs`); what fails is `pending` and sent later, once, within AvantLink's
   * daily limit (past it, it waits for the next day). An adjustment that may have been applied is
   * never resent (`failed`, `delivery_ambiguous`). An Aflite order is `unsupported`: nothing is sent.
   * Needs `avantlink.adjustments`.
   *
   * @example
   * const { results } = await relay.recordReversal({ reversalId: 'refund-981', orderId: '12345', type: 'RETURN' });
   * await relay.recordReversal({ reversalId: 'refund-982', orderId: '12346', type: 'RETURN', items: [{ sku: 'TENT-2' }] });
   */
  recordReversal(input: ReversalInput): Promise<ReversalResult>;
  /**
   * AvantLink's batch returns file (CSV) of the reversals recorded from `from` to `to`, for shops
   * that upload files (or while the API is unavailable). Needs `avantlink.adjustments` (its
   * merchant id is the file's Merchant ID).
   *
   * @example
   * const csv = await relay.returnsFile({ from: new Date('2026-11-01'), to: new Date('2026-12-01') });
   */
  returnsFile(request: ReturnsFileRequest): Promise<string>;
  /**
   * Sends every due delivery (clicks and conversions, of every process sharing the store), in
   * batches, until none is left: then `{ completed: true }`. Never hangs: resolves
   * `{ completed: false }` when `timeoutMs` passes first, starting nothing after it (calls under
   * way go on). What is not due yet (waiting out a backoff or `Retry-After`) stays for its time.
   *
   * @example
   * await relay.flush({ timeoutMs: 5_000 });
   */
  flush(options?: FlushOptions): Promise<FlushResult>;
  /**
   * Shuts the relay down: from now on beacons get 503 and conversions throw RelayClosedError; sends
   * what this relay recorded and is due, until `timeoutMs`; then abandons calls still under way (an
   * Aflite goal cut mid-call is checked in the goal feed before any resend), stops every timer and
   * closes the store if the relay opened it. Nothing is sent after it resolves; what is left stays
   * in the store for the next start. Calling it again returns the same promise.
   *
   * @example
   * process.on('SIGTERM', () => relay.close({ timeoutMs: 5_000 }).then(() => process.exit(0)));
   */
  close(options?: FlushOptions): Promise<FlushResult>;
  /**
   * Counts of the delivery store, for a health check and metrics: pending and failed deliveries,
   * the age of the oldest pending one, and clicks dropped over the cap.
   *
   * @example
   * const { pending, oldestPendingMs } = await relay.status();
   */
  status(): Promise<RelayStatus>;
  /**
   * Forgets a visitor for your own privacy flow (a "do not track me" page, an erasure request), as a withdrawal
   * of consent from the browser script does: drops the visitor's pending click calls (never an order already
   * recorded) and, given a request, returns `setCookie` values that expire `ar_attr`, `ar_ack`, `ar_touches` and
   * `ar_vid`: add them to your response. Takes a request (its cookies name the visitor) or a visitor id
   * (`attribution.visitorId`, e.g. saved with an account). Throws a ValidationError on anything else.
   *
   * @example
   * const { setCookie, droppedClicks } = await relay.forget(request);
   * for (const cookie of setCookie) headers.append('Set-Cookie', cookie);
   * await relay.forget('vis_3f2c1a97'); // a visitor id, from a saved attribution
   */
  forget(
    requestOrVisitorId:
      | Request
      | IncomingMessage
      | { headers: Headers | Record<string, string | string[] | undefined> }
      | string,
  ): Promise<ForgetResult>;
  /**
   * "Why didn't this order track?": everything the store keeps of one order, for a person (`verdict`
   * and a one-line `hint`) and a program: where its attribution came from and each touch, the policy,
   * windows and winners, why each other network was not credited, and per network every attempt kept
   * (time, outcome, the network's answer, the next due time) with the request as sent. Read from the
   * store, so it answers after a restart and on any server sharing it, for `retentionDays`. Never
   * says `sent` before the network answered. Types: `OrderExplanation` in `@affiliate-relay/node/store`.
   *
   * @example
   * const { verdict, hint } = await relay.explainOrder('12345');
   * // 'pending', 'waiting: AvantLink unreachable since 2026-12-08 10:42:03 UTC (…); next attempt …'
   */
  explainOrder(orderId: string): Promise<OrderExplanation>;
  /**
   * "Retry now": makes the order's pending or failed deliveries (of `network`, when given) due at
   * once and sends them, then resolves what each came to and the explanation after. A delivery the
   * network took is never resent; an Aflite goal whose earlier attempt may have landed is looked up in
   * the goal feed first. A `failed` one gets one more attempt.
   *
   * @example
   * const { networks } = await relay.redeliver('12345', { network: 'avantlink' });
   */
  redeliver(orderId: string, options?: RedeliverOptions): Promise<RedeliverResult>;
}

/** What `flush()` and `close()` take. */
export interface FlushOptions {
  /** How long they may take, in ms: past it they resolve `{ completed: false }`. Default: 10_000. */
  timeoutMs?: number;
}

// Default time limit of `flush()` and `close()`, in ms.
const DEFAULT_FLUSH_TIMEOUT_MS = 10_000;

/**
 * Creates the relay: collect endpoint, server cookie, attribution and conversions, for AvantLink,
 * Aflite or both. Throws a ConfigError on unusable options.
 *
 * @example
 * const relay = createRelay({
 *   avantlink: { merchantId: process.env.AVANTLINK_MERCHANT_ID! },
 *   aflite: { apiKey: process.env.AFLITE_API_KEY!, merchantId: 'm-123', goalId: '1' },
 *   cookie: { secret: process.env.AFFILIATE_COOKIE_SECRET! },
 * });
 */
export function createRelay(config: RelayConfig): Relay {
  return relayFrom(resolveRelayConfig(config));
}

/**
 * The relay over a resolved config: what `createRelay` returns. Not exported from the package: a test
 * may resolve a config, give it a network definition of its own, and run the relay over it.
 *
 * @example
 * const relay = relayFrom(resolveRelayConfig(config));
 */
export function relayFrom(resolved: ResolvedRelayConfig): Relay {
  const owner = globalThis.crypto.randomUUID();
  const worker = createDeliveryWorker({
    store: resolved.store,
    networks: resolved.networks,
    events: resolved.events,
    schedule: resolved.schedule,
    lockMs: resolved.lockMs,
    concurrency: resolved.delivery.concurrency,
    clickConcurrency: resolved.delivery.maxClickConcurrency,
    pollMs: resolved.delivery.pollMs,
    retentionMs: resolved.delivery.retentionMs,
    ...(resolved.reversals ? { reversalDailyLimit: resolved.reversals.perDay } : {}),
    ...(resolved.testMode ? { testMode: true } : {}),
  });
  const names = new Map(resolved.networks.map((network) => [network.id as string, network.name]));
  const explainContext = () => ({ now: Date.now(), nameOf: (id: string) => names.get(id) ?? id });
  const relay: RelayInternals = {
    config: resolved,
    worker,
    clickGate: createClickGate(resolved.store, resolved.delivery.maxPendingClicks),
    owner,
    closed: false,
  };
  if (resolved.testMode) {
    resolved.events.emit({ type: 'warning', code: 'test-mode', message: testModeMessage(resolved.networks) });
  }
  worker.start();
  let closing: Promise<FlushResult> | undefined;

  const close = async (options: { timeoutMs?: number }): Promise<FlushResult> => {
    relay.closed = true;
    worker.stop();
    const completed = await worker.drain({ deadline: deadlineOf(options), owner });
    // Past the deadline nothing may go on: calls under way are cut (an Aflite goal cut mid-call is
    // checked in its feed before any resend), and their outcomes saved before the store closes.
    worker.abort();
    await worker.settled();
    // No call is under way now: the sockets kept open for reuse go too.
    for (const network of resolved.networks) network.close();
    if (resolved.ownsStore) {
      await resolved.store.close?.().catch((error: unknown) => {
        resolved.events.emit({ type: 'relay-error', operation: 'store.close', error });
      });
    }
    return { completed };
  };

  return {
    handleCollect: (request, context) => handleCollect(relay, request, context),
    // The Node path: no Web Request per call (most of a Web adapter's cost, BENCHMARKS.md).
    collectListener: <Req extends IncomingMessage>(
      options?: CollectListenerOptions<Req>,
    ): NodeListener<Req> =>
      createNodeListener((req, context) => collectAnswer(relay, nodeCollectInput(req), context), options),
    captureFromRequest: (request, context) => captureFromRequest(relay, request, context),
    attributionFrom: (source) => readAttributionFrom(source, resolved.serverCookie),
    createHandoff: (source, options) => createHandoff(relay, source, options),
    handleHandoff: (request) => handleHandoff(relay, request),
    recordConversion: (input) => recordConversion(relay, input),
    recordReversal: (input) => recordReversal(relay, input),
    returnsFile: (request) => returnsFile(relay, request),
    flush: async (options = {}) => ({ completed: await worker.drain({ deadline: deadlineOf(options) }) }),
    close: (options = {}) => {
      closing ??= close(options);
      return closing;
    },
    forget: (target) => forget(relay, target),
    explainOrder: (orderId) => explainFromStore(resolved.store, String(orderId), explainContext()),
    async redeliver(orderId, options = {}) {
      if (relay.closed) throw new RelayClosedError('redeliver');
      const id = String(orderId);
      const actions = await makeDue(resolved.store, id, { now: Date.now(), network: options.network });
      if (Object.values(actions).some((action) => action.action === 'due')) await worker.kick();
      const explanation = await explainFromStore(resolved.store, id, explainContext());
      for (const [network, action] of Object.entries(actions)) {
        const status = explanation.networks[network]?.status;
        if (action.action === 'due' && status) action.status = status;
      }
      return { orderId: id, networks: actions, explanation };
    },
    async status() {
      const stats = await resolved.store.stats();
      return {
        store: resolved.store.type ?? 'custom',
        pending: stats.pending,
        failed: stats.failed,
        ...(stats.oldestPendingAt === undefined
          ? {}
          : { oldestPendingMs: Math.max(0, Date.now() - stats.oldestPendingAt) }),
        droppedClicks: relay.clickGate.dropped,
        mode: resolved.testMode ? 'test' : 'live',
      };
    },
  };
}

function deadlineOf(options: { timeoutMs?: number }): number {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS;
  return Date.now() + Math.max(0, Number.isFinite(timeoutMs) ? timeoutMs : DEFAULT_FLUSH_TIMEOUT_MS);
}
