import { type Attribution, type CookieSource, readAttributionFrom } from './attribution';
import { createBackgroundTasks } from './background';
import { type CaptureRequest, type CaptureResult, captureFromRequest } from './capture';
import { type CollectContext, handleCollect } from './collect';
import type { RelayConfig } from './config';
import { recordConversion } from './conversion';
import type { ConversionInput, ConversionResult } from './conversion-types';
import { createDeliveryQueue } from './delivery-queue';
import { resolveRelayConfig } from './resolve-config';

/** What {@link Relay.flush} returns. */
export interface FlushResult {
  /** False when the time ran out first (the work goes on in the background). */
  completed: boolean;
}

/** The merchant server's side of affiliate-relay. Every method may be passed around unbound. */
export interface Relay {
  /**
   * The collect endpoint, as a Web-standard handler (Next.js route handlers, Hono, Workers).
   * Use {@link toNodeListener} for `node:http` and Express.
   *
   * @example
   * // app/affiliate-relay/collect/route.ts (Next.js)
   * export const POST = (request: Request) => relay.handleCollect(request);
   */
  handleCollect(request: Request, context?: CollectContext): Promise<Response>;
  /**
   * Captures the clicks of a landing rendered by your server, before any JavaScript runs. Takes a Web
   * `Request` or Node's `IncomingMessage` (Express's `req`, Fastify's `request.raw`). Add the returned
   * `setCookie` values to the page's response.
   *
   * @example
   * const { setCookie } = await relay.captureFromRequest(request);
   * for (const cookie of setCookie) headers.append('Set-Cookie', cookie);
   */
  captureFromRequest(request: CaptureRequest, context?: CollectContext): Promise<CaptureResult>;
  /**
   * The visitor's attribution (visitor id and touches), from the signed server cookie, else the
   * browser script's cookie. Plain JSON: save it with a cart for a webhook to use later.
   *
   * @example
   * await db.carts.update(cartId, { attribution: JSON.stringify(await relay.attributionFrom(request)) });
   */
  attributionFrom(requestOrCookieHeader: CookieSource): Promise<Attribution>;
  /**
   * Reports an order to the network(s) that earned it (last click wins by default). Resolves one
   * result per configured network: `sent`, `skipped` (with the reason), `duplicate` (the order id
   * was seen before: nothing sent), `queued` (the network was unreachable: redelivered later) or
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
   * Waits for background click calls and deliveries under way, and redelivers every pending
   * conversion now. Never hangs: resolves `{ completed: false }` when `timeoutMs` passes first.
   *
   * @example
   * await relay.flush({ timeoutMs: 5_000 });
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushResult>;
  /**
   * Stops the redelivery timer, then flushes. Pending deliveries stay in the store.
   *
   * @example
   * process.on('SIGTERM', () => relay.close().then(() => process.exit(0)));
   */
  close(options?: { timeoutMs?: number }): Promise<FlushResult>;
}

/** Default time limit of `flush()` and `close()`, in ms. */
export const DEFAULT_FLUSH_TIMEOUT_MS = 10_000;

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
  const resolved = resolveRelayConfig(config);
  const tasks = createBackgroundTasks();
  const clients = {
    ...(resolved.avantlink ? { avantlink: resolved.avantlink } : {}),
    ...(resolved.aflite ? { aflite: resolved.aflite.client } : {}),
  };
  const queue = createDeliveryQueue({
    store: resolved.store,
    clients,
    events: resolved.events,
    schedule: resolved.schedule,
    lockMs: resolved.lockMs,
  });
  queue.start();

  const flush = async (options: { timeoutMs?: number } = {}): Promise<FlushResult> => {
    const work = (async () => {
      await Promise.all([tasks.settled(), queue.settled()]);
      await queue.redeliver(false);
      await Promise.all([tasks.settled(), queue.settled()]);
    })();
    return raceTimeout(work, options.timeoutMs ?? DEFAULT_FLUSH_TIMEOUT_MS, (error) =>
      resolved.events.emit({ type: 'relay-error', operation: 'flush', error }),
    );
  };

  return {
    handleCollect: (request, context) => handleCollect(resolved, tasks, request, context),
    captureFromRequest: (request, context) => captureFromRequest(resolved, tasks, request, context),
    attributionFrom: (source) => readAttributionFrom(source, resolved.serverCookie),
    recordConversion: (input) => recordConversion(resolved, queue, input),
    flush,
    close: (options) => {
      queue.stop();
      return flush(options);
    },
  };
}

async function raceTimeout(
  work: Promise<void>,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Promise<FlushResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<FlushResult>((resolve) => {
    timer = setTimeout(() => resolve({ completed: false }), Math.max(0, timeoutMs));
    timer.unref?.();
  });
  const done = work.then(
    () => ({ completed: true }),
    (error: unknown) => {
      onError(error);
      return { completed: true };
    },
  );
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
