import { ConfigError } from '@affiliate-relay/core';
import {
  type AvantLinkClickBody,
  type AvantLinkOrderBody,
  avantLinkClickBodySchema,
  avantLinkOrderBodySchema,
} from '@affiliate-relay/core/schemas';
import {
  AVANTLINK_LEGACY_API_PATH,
  createAdjustmentModule,
  type FakeAvantLinkAdjustment,
  type FakeAvantLinkAdjustmentOptions,
} from './avantlink-adjustments';
import { createFakeNetwork, json } from './fake-network';
import type { FakeNetwork, FakeResponse, ModelRequest } from './types';

/*
 * AvantLink's S2S tracking as `specs/avantlink-click-tracking.txt` and `specs/NETWORKS.md` give it.
 * Documented: the 400 body for blank tracking ids, `200 {"success": true}`, orders idempotent by
 * `order_number`. The fake's own choices (AvantLink does not publish them) are marked FAKE.
 */

/** AvantLink's documented 400 answer when no tracking id is given (copied from its page). */
export const AVANTLINK_BLANK_TRACKING_IDS_ERROR = {
  error: 'You must provide at least one tracking id in order to generate a episode_id.',
  error_key: 'client.model.merchants_tracking.tracking_ids.blank',
  exception: 'InvalidArgumentException',
} as const;

/** AvantLink's documented success answer. */
export const AVANTLINK_SUCCESS = { success: true } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^\/merchants\/([^/]+)\/tracking\/(click|order)\/?$/;

/** Options of a fake AvantLink (the adjustment module's options included). */
export interface FakeAvantLinkOptions extends FakeAvantLinkAdjustmentOptions {
  /** The only merchant UUID accepted (others get 404). Default: any UUID is accepted. */
  merchantId?: string;
}

/** A fake AvantLink, without a transport: what the server and the msw handlers share. */
export interface FakeAvantLink extends FakeNetwork {
  /** Accepted click bodies, as received. */
  readonly clicks: AvantLinkClickBody[];
  /** Accepted order bodies, one per `order_number` (a repeat is answered 200 and not added). */
  readonly orders: AvantLinkOrderBody[];
  /**
   * Adjustments accepted by the legacy API (`/api.php`, module `MerchantTransactionAdjustment`), in
   * order, each one recorded (a repeat is applied again). They keep no auth key.
   */
  readonly adjustments: FakeAvantLinkAdjustment[];
  /** Legacy API requests counted against the daily limit today (UTC). */
  readonly adjustmentRequestsToday: number;
}

/**
 * The state and request handling of a fake AvantLink; serve it with `startFakeAvantLink()` or
 * `avantLinkHandlers({ fake })` from `@affiliate-relay/testkit/msw`.
 *
 * @example
 * const avantlink = createFakeAvantLink({ merchantId });
 * server.use(...avantLinkHandlers({ fake: avantlink }));
 */
export function createFakeAvantLink(options: FakeAvantLinkOptions = {}): FakeAvantLink {
  if (options.merchantId !== undefined && !UUID.test(options.merchantId)) {
    throw new ConfigError('createFakeAvantLink: merchantId must be a UUID');
  }
  const clicks: AvantLinkClickBody[] = [];
  const orders: AvantLinkOrderBody[] = [];
  const legacy = createAdjustmentModule(options);

  function process(request: ModelRequest): FakeResponse {
    if (request.path.replace(/\/+$/, '') === AVANTLINK_LEGACY_API_PATH) return legacy.process(request);
    const route = ROUTE.exec(request.path);
    if (!route) return fakeError(404, 'Not Found', 'client.route.not_found', 'NotFoundHttpException');
    if (request.method !== 'POST') {
      return {
        ...fakeError(405, 'Method Not Allowed', 'client.route.method', 'MethodNotAllowedHttpException'),
        headers: { 'content-type': 'application/json', allow: 'POST' },
      };
    }
    const merchant = safeDecode(route[1] ?? '');
    const wanted = options.merchantId?.toLowerCase();
    if (
      merchant === undefined ||
      !UUID.test(merchant) ||
      (wanted !== undefined && merchant.toLowerCase() !== wanted)
    ) {
      return fakeError(404, 'Merchant not found.', 'client.model.merchants.not_found', 'NotFoundException');
    }
    const headerProblem = checkHeaders(request.headers);
    if (headerProblem) return headerProblem;
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      return fakeError(
        400,
        'The request body must be a JSON object.',
        'client.request.malformed_json',
        'InvalidArgumentException',
      );
    }
    if (!hasTrackingId(request.body)) return json(400, AVANTLINK_BLANK_TRACKING_IDS_ERROR);
    return route[2] === 'click' ? acceptClick(request.body) : acceptOrder(request.body);
  }

  function acceptClick(body: object): FakeResponse {
    const parsed = avantLinkClickBodySchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error.issues);
    clicks.push(body as AvantLinkClickBody);
    return json(200, AVANTLINK_SUCCESS);
  }

  function acceptOrder(body: object): FakeResponse {
    const parsed = avantLinkOrderBodySchema.safeParse(body);
    if (!parsed.success) return invalid(parsed.error.issues);
    const order = body as AvantLinkOrderBody;
    // Documented: the same order_number makes a retry safe. A repeat is a success that adds nothing.
    if (!orders.some((known) => known.order.order_number === order.order.order_number)) orders.push(order);
    return json(200, AVANTLINK_SUCCESS);
  }

  const network = createFakeNetwork({
    process,
    faultBody: (status) => ({
      error: `Injected fault: HTTP ${status}`,
      error_key: 'testkit.fault',
      exception: 'InjectedFault',
    }),
    reset() {
      clicks.length = 0;
      orders.length = 0;
      legacy.reset();
    },
  });
  return Object.defineProperties(
    Object.assign(network, { clicks, orders, adjustments: legacy.adjustments }),
    {
      adjustmentRequestsToday: { get: () => legacy.requestsToday, enumerable: true },
    },
  ) as FakeAvantLink;
}

// A path segment with broken percent-encoding names no merchant: `undefined` (then 404), never a URIError.
function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

// Required by the page: JSON in and out, and the merchant server's own User-Agent.
function checkHeaders(headers: Record<string, string>): FakeResponse | undefined {
  if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) {
    return fakeError(
      415,
      'Content-Type must be application/json.',
      'client.request.content_type',
      'UnsupportedMediaTypeHttpException',
    );
  }
  if (!/application\/json/i.test(headers.accept ?? '')) {
    return fakeError(
      406,
      'Accept must include application/json.',
      'client.request.accept',
      'NotAcceptableHttpException',
    );
  }
  if (!headers['user-agent']) {
    return fakeError(
      400,
      'A User-Agent header identifying your server is required.',
      'client.request.user_agent',
      'InvalidArgumentException',
    );
  }
  return undefined;
}

function hasTrackingId(body: object): boolean {
  const ids = (body as { tracking_ids?: unknown }).tracking_ids;
  if (typeof ids !== 'object' || ids === null) return false;
  const { user_id, visitor_id, avantlink_avad } = ids as Record<string, unknown>;
  const values = [
    ...(Array.isArray(user_id) ? user_id : []),
    ...(Array.isArray(visitor_id) ? visitor_id : []),
    avantlink_avad,
  ];
  return values.some((value) => typeof value === 'string' && value.length > 0);
}

// FAKE: AvantLink's answer to other invalid bodies is unpublished; this mirrors its documented shape.
function invalid(issues: { path: PropertyKey[]; message: string }[]): FakeResponse {
  const error = issues
    .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  return fakeError(400, error, 'client.model.merchants_tracking.invalid', 'InvalidArgumentException');
}

function fakeError(status: number, error: string, errorKey: string, exception: string): FakeResponse {
  return json(status, { error, error_key: errorKey, exception });
}
