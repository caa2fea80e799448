import {
  AVANTLINK_ADJUSTMENT_API as API,
  AVANTLINK_ADJUSTMENT_DAILY_LIMIT,
  type AvantLinkAdjustmentType,
  DAY_MS,
  AVANTLINK_ADJUSTMENT_PARAMS as P,
} from '@affiliate-relay/core';
import { avantLinkAdjustmentParamsSchema } from '@affiliate-relay/core/schemas';
import { json } from './fake-network';
import type { FakeResponse, ModelRequest } from './types';

/*
 * AvantLink's legacy `MerchantTransactionAdjustment` module, as `specs/NETWORKS.md` ("Returns and
 * adjustments") gives it: the parameters and their formats, the four types, 3,000 requests a day.
 * FAKE (unpublished, so the fake's own choice): the path (`/api.php`, from core's unconfirmed URL),
 * GET and POST both accepted with the parameters in the query or a form body, the JSON answers and
 * their statuses, the day counted in UTC, and every adjustment recorded (AvantLink does not say
 * whether a repeat is applied twice, so the fake applies it twice: a test sees a double send).
 */

/** Path of the legacy API on a fake AvantLink (the path of core's AVANTLINK_ADJUSTMENT_API.url). */
export const AVANTLINK_LEGACY_API_PATH = new URL(API.url).pathname;

/** An adjustment the fake accepted. It keeps no auth key. */
export interface FakeAvantLinkAdjustment {
  merchant_id: string;
  transaction_id: string;
  adjustment_amount: string;
  adjustment_type: AvantLinkAdjustmentType;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** Options of the adjustment module of a fake AvantLink. */
export interface FakeAvantLinkAdjustmentOptions {
  /** The only `auth_key` accepted (others get 401). Default: any 32-character key. */
  authKey?: string;
  /** The only integer `merchant_id` accepted with it (others get 401). Default: any. */
  legacyMerchantId?: number | string;
  /** Requests a day before answers turn to 429. Default: 3000 (AvantLink's documented limit). */
  adjustmentDailyLimit?: number;
  /** The clock of the daily count (UTC days). Default: `Date.now`. */
  now?: () => number;
}

/** The adjustment module's state and handling. */
export interface AdjustmentModule {
  readonly adjustments: FakeAvantLinkAdjustment[];
  /** Requests counted against the limit today (UTC), whatever they answered. */
  readonly requestsToday: number;
  process(request: ModelRequest): FakeResponse;
  reset(): void;
}

/** FAKE: the answer past the daily limit. */
export const AVANTLINK_DAILY_LIMIT_ERROR = 'Daily request limit reached';

export function createAdjustmentModule(options: FakeAvantLinkAdjustmentOptions = {}): AdjustmentModule {
  const limit = options.adjustmentDailyLimit ?? AVANTLINK_ADJUSTMENT_DAILY_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new TypeError('adjustmentDailyLimit must be a whole number, 0 or more');
  }
  const now = options.now ?? Date.now;
  const wantedMerchant =
    options.legacyMerchantId === undefined ? undefined : String(options.legacyMerchantId);
  const adjustments: FakeAvantLinkAdjustment[] = [];
  let day = -1;
  let count = 0;

  function countRequest(at: number): boolean {
    const today = Math.floor(at / DAY_MS);
    if (today !== day) {
      day = today;
      count = 0;
    }
    count += 1;
    return count <= limit;
  }

  function process(request: ModelRequest): FakeResponse {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return {
        ...failure(405, 'Method Not Allowed'),
        headers: { 'content-type': 'application/json', allow: 'GET, POST' },
      };
    }
    const at = now();
    if (!countRequest(at)) {
      const secondsLeft = Math.ceil(((Math.floor(at / DAY_MS) + 1) * DAY_MS - at) / 1000);
      return json(
        429,
        { success: false, error: `${AVANTLINK_DAILY_LIMIT_ERROR}: ${limit} requests a day` },
        { 'retry-after': String(secondsLeft) },
      );
    }
    const params: Record<string, string> = { ...request.query, ...formOf(request) };
    if (params[API.moduleParam] !== API.module)
      return failure(400, `Unknown module: ${params[API.moduleParam] ?? '(none)'}`);
    // The key is checked before anything else is said, and never echoed.
    if (options.authKey !== undefined && params[P.authKey] !== options.authKey) {
      return failure(401, 'Invalid auth_key');
    }
    if (wantedMerchant !== undefined && params[P.merchantId] !== wantedMerchant) {
      return failure(401, 'The auth_key does not belong to this merchant_id');
    }
    const parsed = avantLinkAdjustmentParamsSchema.safeParse(params);
    if (!parsed.success) {
      const message = parsed.error.issues
        .map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`)
        .join('; ');
      return failure(400, message);
    }
    const { merchant_id, transaction_id, adjustment_amount, adjustment_type } = parsed.data;
    adjustments.push({ merchant_id, transaction_id, adjustment_amount, adjustment_type, at });
    return json(200, { success: true });
  }

  return {
    adjustments,
    get requestsToday() {
      return day === Math.floor(now() / DAY_MS) ? count : 0;
    },
    process,
    reset() {
      adjustments.length = 0;
      day = -1;
      count = 0;
    },
  };
}

// Parameters come in the query or a form body (FAKE: both, since the transport is unconfirmed).
function formOf(request: ModelRequest): Record<string, string> {
  const { body } = request;
  if (!/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  return Object.fromEntries(Object.entries(body).filter(([, value]) => typeof value === 'string'));
}

function failure(status: number, error: string): FakeResponse {
  return json(status, { success: false, error });
}
