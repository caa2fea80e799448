import { ConfigError, type HttpError } from '@affiliate-relay/core';
import type { AvantLinkAdjustmentParams } from '@affiliate-relay/core/schemas';
import type { CallContext } from '../../http/call';
import { type CallOptions, checkCallOptions } from '../../http/deadline';
import { createEventEmitter, type EventEmitter } from '../../http/events';
import { checkHeaderValue, createTransport, normalizeBaseUrl } from '../../http/options';
import type { HttpResult, Transport } from '../../http/request-types';
import { httpErrorOf } from '../../http/retry-after';
import { type RetryPolicy, resolveRetryPolicy } from '../../http/retry-policy';
import { preloadKy, redirectNote } from '../../http/send';
import { readIdempotent, reportError, sendWithRetries } from '../../http/send-with-retries';
import { DEFAULT_SERVER_USER_AGENT } from '../../http/version';
import { loadSchemas, preloadSchemas } from '../../lazy-schemas';
import { AVANTLINK_CLIENT_SHAPE, checkNames } from '../option-names';
import {
  type AdjustmentConfig,
  adjustmentRequest,
  resolveAdjustmentConfig,
  toAdjustmentParams,
} from './adjustment';
import { toClickBody, toOrderBody } from './body';
import { sendAdjustment } from './send-adjustment';
import type {
  AvantLinkAdjustmentInput,
  AvantLinkAdjustmentResult,
  AvantLinkCallResult,
  AvantLinkClickInput,
  AvantLinkClientOptions,
  AvantLinkOrderInput,
} from './types';

/** AvantLink's server-to-server API. */
export const AVANTLINK_BASE_URL = 'https://client.avantlink.com';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * AvantLink's server-to-server click and order tracking. Both calls are POSTs with a JSON body,
 * retried on network errors, timeouts, 408, 429 and 5xx: a click is harmless to repeat and an
 * order is idempotent by its `order_number`. A 400 is never retried.
 *
 * @example
 * const avantlink = new AvantLinkClient({ merchantId: '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91' });
 * await avantlink.trackOrder({ avad, order: { orderId: '12345', subtotal: 100, currency: 'USD' } });
 */
export class AvantLinkClient {
  readonly merchantId: string;
  readonly baseUrl: string;
  readonly #userAgent: string;
  readonly #transport: Transport;
  // Clicks' own sockets (`maxClickSockets`), else the same as the other calls'.
  readonly #clickTransport: Transport;
  readonly #retry: RetryPolicy;
  readonly #events: EventEmitter;
  readonly #adjustments: AdjustmentConfig | undefined;

  constructor(options: AvantLinkClientOptions) {
    checkNames(options, AVANTLINK_CLIENT_SHAPE, 'AvantLinkClient');
    const merchantId = options?.merchantId;
    // An unset environment variable is the usual cause: say that it is missing, not that it is malformed.
    if (
      merchantId === undefined ||
      merchantId === null ||
      (typeof merchantId === 'string' && !merchantId.trim())
    ) {
      throw new ConfigError(
        'AvantLinkClient: merchantId is missing: set it to your AvantLink merchant UUID (is its environment variable set?)',
      );
    }
    if (typeof merchantId !== 'string' || !UUID.test(merchantId)) {
      throw new ConfigError(
        'AvantLinkClient: merchantId must be your AvantLink merchant UUID (8-4-4-4-12 hex digits)',
      );
    }
    this.merchantId = merchantId;
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? AVANTLINK_BASE_URL, 'AvantLinkClient: baseUrl');
    this.#userAgent = checkHeaderValue(
      options.userAgent ?? DEFAULT_SERVER_USER_AGENT,
      'AvantLinkClient: userAgent',
    );
    this.#transport = createTransport(options, 'AvantLinkClient');
    const clickSockets = options.maxClickSockets;
    if (clickSockets !== undefined && (!Number.isInteger(clickSockets) || clickSockets < 1)) {
      throw new ConfigError('AvantLinkClient: maxClickSockets must be a whole number, 1 or more');
    }
    this.#clickTransport =
      clickSockets === undefined || options.fetch
        ? this.#transport
        : createTransport({ ...options, maxSockets: clickSockets }, 'AvantLinkClient');
    preloadKy();
    this.#retry = resolveRetryPolicy(options.retry);
    this.#adjustments = resolveAdjustmentConfig(options.adjustments);
    // The merchant UUID is AvantLink's only credential for its S2S API, and it is in every URL; the
    // legacy API's auth key is the adjustments' secret: both are redacted from every event and error.
    this.#events = createEventEmitter(options.logger, [
      merchantId,
      ...(this.#adjustments ? [this.#adjustments.authKey] : []),
    ]);
    // Loaded now, in the background, rather than by the first call (the package's import stays light).
    preloadSchemas();
  }

  /**
   * Closes the sockets this client keeps open for reuse (idle ones never hold the process open);
   * calls still under way fail. A later call opens new sockets. Nothing to close with a `fetch` of
   * your own. The relay's `close()` calls it.
   *
   * @example
   * process.on('SIGTERM', () => avantlink.close());
   */
  close(): void {
    this.#transport.connections?.close();
    this.#clickTransport.connections?.close();
  }
  /**
   * Reports a click (or a page hit) with the shopper's browser context.
   *
   * @example
   * await avantlink.trackClick({
   *   avad: '77_f3afbe121',
   *   visitorIds: ['vis_3f2c1a97'],
   *   userAgent: request.headers.get('user-agent') ?? '',
   *   currentUrl: 'https://store.example.com/products/widget?avad=77_f3afbe121',
   * });
   */
  trackClick(input: AvantLinkClickInput, options: CallOptions = {}): Promise<AvantLinkCallResult> {
    return this.#post('track-click', 'click', () => toClickBody(input), options);
  }

  /**
   * Reports a paid order. Safe to repeat with the same `order.orderId`. `options.deadline` bounds
   * the call, retries included (see {@link CallOptions}).
   *
   * @example
   * await avantlink.trackOrder({
   *   avad: '77_f3afbe121',
   *   order: { orderId: '12345', subtotal: 100, currency: 'USD', items: [{ parentSku: 'TENT-2', price: 100, quantity: 1 }] },
   * });
   */
  trackOrder(input: AvantLinkOrderInput, options: CallOptions = {}): Promise<AvantLinkCallResult> {
    return this.#post('track-order', 'order', () => toOrderBody(input), options);
  }

  /**
   * Reverses a commission, in full (pass the order's original amount) or in part, through AvantLink's
   * legacy `MerchantTransactionAdjustment` module. Needs the client's `adjustments` credentials
   * (else a ConfigError). Throws a ValidationError before sending (amount above zero with at most 2
   * decimals, a type from the list). An adjustment is never resent blindly (AvantLink does not say
   * whether a repeat is safe): only after a refused connection or a 429, as the retry policy says;
   * after a timeout, a dropped connection, a 408 or a 5xx it throws code `delivery_ambiguous`. Other
   * answers are an HttpError. `options.deadline` bounds the call, retries included.
   *
   * @example
   * const avantlink = new AvantLinkClient({
   *   merchantId: '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91',
   *   adjustments: { authKey: process.env.AVANTLINK_AUTH_KEY!, merchantId: 12345 },
   * });
   * await avantlink.adjustOrder({ orderId: '12345', amount: 49.95, type: 'RETURN' });
   */
  async adjustOrder(
    input: AvantLinkAdjustmentInput,
    options: CallOptions = {},
  ): Promise<AvantLinkAdjustmentResult> {
    const context: CallContext = {
      network: 'avantlink',
      operation: 'adjust-order',
      events: this.#events,
      transport: this.#transport,
    };
    const config = this.#adjustments;
    let params: AvantLinkAdjustmentParams;
    await loadSchemas();
    try {
      Object.assign(context, checkCallOptions(options));
      if (!config) {
        throw new ConfigError(
          'AvantLinkClient: adjustOrder needs the adjustments option: adjustments.authKey (the legacy API auth_key) and adjustments.merchantId (its integer merchant id, not the UUID)',
        );
      }
      params = toAdjustmentParams(config, input);
    } catch (error) {
      throw reportError(context, error);
    }
    const spec = adjustmentRequest(config as AdjustmentConfig, params, this.#userAgent);
    const { result, attempts } = await sendAdjustment(
      context,
      this.#retry,
      spec,
      params,
      this.#events.redactText,
    );
    return { status: result.status, attempts, answer: parseRedacted(result.text, this.#events.redactText) };
  }

  async #post(
    operation: string,
    kind: 'click' | 'order',
    build: () => object,
    options: CallOptions,
  ): Promise<AvantLinkCallResult> {
    const context: CallContext = {
      network: 'avantlink',
      operation,
      events: this.#events,
      transport: kind === 'click' ? this.#clickTransport : this.#transport,
    };
    let body: object;
    await loadSchemas();
    try {
      Object.assign(context, checkCallOptions(options));
      body = build();
    } catch (error) {
      throw reportError(context, error);
    }
    const spec = {
      method: 'POST' as const,
      url: `${this.baseUrl}/merchants/${encodeURIComponent(this.merchantId)}/tracking/${kind}`,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'User-Agent': this.#userAgent,
      },
      body: JSON.stringify(body),
    };
    const { result, attempts } = await sendWithRetries(context, this.#retry, {
      spec,
      read: readIdempotent,
      logBody: body,
    });
    if (isSuccess(result)) return { status: result.status, attempts };
    throw reportError(context, toHttpError(kind, result));
  }
}

// 2xx is success unless AvantLink says otherwise in its documented `success` flag.
function isSuccess(result: HttpResult): boolean {
  if (result.status < 200 || result.status >= 300) return false;
  const body = result.body as { success?: unknown } | undefined;
  return !(typeof body === 'object' && body !== null && body.success === false);
}

function toHttpError(kind: string, result: HttpResult): HttpError {
  const body = result.body as { error?: unknown; error_key?: unknown } | string;
  let detail = '';
  if (typeof body === 'object' && body !== null) {
    detail = [body.error_key, body.error].filter((part) => typeof part === 'string').join(': ');
  } else if (typeof body === 'string') {
    detail = body.slice(0, 200);
  }
  const redirect = redirectNote(result);
  if (redirect) detail = '';
  const message = `AvantLink tracking/${kind} answered ${result.status}${redirect}${detail ? `: ${detail}` : ''}`;
  return httpErrorOf(result, result.body, message);
}

function parseRedacted(text: string, redact: (text: string) => string): unknown {
  const clean = redact(text);
  try {
    return JSON.parse(clean);
  } catch {
    return clean;
  }
}
