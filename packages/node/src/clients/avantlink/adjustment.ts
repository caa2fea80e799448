import {
  AVANTLINK_ADJUSTMENT_API as API,
  AVANTLINK_ADJUSTMENT_TYPES,
  AVANTLINK_AUTH_KEY_LENGTH,
  ConfigError,
  AVANTLINK_ADJUSTMENT_PARAMS as P,
  ValidationError,
  type ValidationIssue,
} from '@affiliate-relay/core';
import type { AvantLinkAdjustmentParams } from '@affiliate-relay/core/schemas';
import { normalizeBaseUrl } from '../../http/options';
import type { HttpRequestSpec, HttpResult } from '../../http/request-types';
import { schemas } from '../../lazy-schemas';
import type { AvantLinkAdjustmentInput, AvantLinkAdjustmentOptions } from './types';

/*
 * The wire of AvantLink's legacy `MerchantTransactionAdjustment` module: its parameter names come
 * from core's AVANTLINK_ADJUSTMENT_PARAMS, its URL and transport from AVANTLINK_ADJUSTMENT_API.
 * NOTE: UNCONFIRMED: the URL, the transport and the answer format (see `readAdjustmentAnswer`) are
 * not on AvantLink's page we have; they are overridable in the client's `adjustments` options.
 */

/** The adjustment options, checked: what `adjustOrder` sends with. */
export interface AdjustmentConfig {
  authKey: string;
  merchantId: string;
  url: string;
  transport: 'form' | 'query';
}

// Beyond this an amount loses its cents (and toFixed switches to exponent form at 1e21).
const MAX_AMOUNT = 1e13;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const AUTH_KEY = new RegExp(`^[\\x21-\\x7e]{${AVANTLINK_AUTH_KEY_LENGTH}}$`);

/**
 * Checks the `adjustments` option of `AvantLinkClient`: `undefined` when it is absent (then
 * `adjustOrder` throws a ConfigError when called); a ConfigError naming each missing or bad field
 * when it is given in part, so that a half-configured shop finds out at start-up.
 *
 * @example
 * resolveAdjustmentConfig({ authKey: process.env.AVANTLINK_AUTH_KEY!, merchantId: 12345 });
 */
export function resolveAdjustmentConfig(
  options: AvantLinkAdjustmentOptions | undefined,
): AdjustmentConfig | undefined {
  if (options === undefined) return undefined;
  const name = 'AvantLinkClient: adjustments';
  if (typeof options !== 'object' || options === null) throw new ConfigError(`${name} must be an object`);
  const problems: string[] = [];
  if (options.authKey === undefined || options.authKey === '') {
    problems.push(
      `${name}.authKey is missing (the legacy API's ${AVANTLINK_AUTH_KEY_LENGTH}-character auth_key)`,
    );
  } else if (typeof options.authKey !== 'string' || !AUTH_KEY.test(options.authKey)) {
    problems.push(`${name}.authKey must be the ${AVANTLINK_AUTH_KEY_LENGTH}-character auth_key`);
  }
  const merchantId = integerId(options.merchantId);
  if (options.merchantId === undefined || options.merchantId === '') {
    problems.push(`${name}.merchantId is missing (the integer merchant id of the legacy API, not the UUID)`);
  } else if (merchantId === undefined) {
    problems.push(`${name}.merchantId must be the integer merchant id of the legacy API (not the UUID)`);
  }
  const transport = options.transport ?? API.transport;
  if (transport !== 'form' && transport !== 'query') {
    problems.push(`${name}.transport must be 'form' or 'query'`);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return {
    authKey: options.authKey,
    merchantId: merchantId as string,
    url: checkSecureUrl(options.url ?? API.url, options.allowInsecureHttp === true),
    transport,
  };
}

/**
 * The parameters of one adjustment, validated before anything is sent: amount above zero as a plain
 * decimal with at most 2 decimals (a number is written with 2: `10.5` → `'10.50'`), a type from the
 * list, an order id. Throws a ValidationError naming each field (in the SDK's names). Needs
 * `loadSchemas()` resolved first (the final check is core's zod schema, loaded lazily).
 *
 * @example
 * await loadSchemas();
 * toAdjustmentParams(config, { orderId: '12345', amount: 49.95, type: 'RETURN' });
 */
export function toAdjustmentParams(
  config: AdjustmentConfig,
  input: AvantLinkAdjustmentInput,
): AvantLinkAdjustmentParams {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('AvantLink adjustment', [{ path: '', message: 'an object is expected' }]);
  }
  const issues: ValidationIssue[] = [];
  const amount = formatAdjustmentAmount(input.amount, issues);
  if (!(AVANTLINK_ADJUSTMENT_TYPES as readonly unknown[]).includes(input.type)) {
    issues.push({ path: 'type', message: `must be one of ${AVANTLINK_ADJUSTMENT_TYPES.join(', ')}` });
  }
  if (typeof input.orderId !== 'string' || input.orderId === '') {
    issues.push({ path: 'orderId', message: 'the order number is required' });
  }
  if (issues.length > 0) throw new ValidationError('AvantLink adjustment', issues);
  const params = {
    [API.moduleParam]: API.module,
    [P.authKey]: config.authKey,
    [P.merchantId]: config.merchantId,
    [P.orderId]: input.orderId,
    [P.amount]: amount,
    [P.type]: input.type,
  };
  const { parseOrThrow, avantLinkAdjustmentParamsSchema } = schemas();
  return parseOrThrow(avantLinkAdjustmentParamsSchema, params, 'AvantLink adjustment');
}

/**
 * `adjustment_amount` as a plain decimal: a number gets 2 decimals; a string must already be one
 * (`'49.95'`, `'5'`). Money is never rounded: a third decimal is an issue, as are `$`, `,`, zero and
 * negatives. Issues are pushed to `issues` (path `amount`); the result is then `''`.
 *
 * @example
 * formatAdjustmentAmount(10.5, []); // '10.50'
 */
export function formatAdjustmentAmount(amount: unknown, issues: ValidationIssue[]): string {
  const fail = (message: string) => {
    issues.push({ path: 'amount', message });
    return '';
  };
  if (typeof amount === 'number') {
    if (!Number.isFinite(amount) || amount <= 0 || amount > MAX_AMOUNT) {
      return fail('must be a finite amount above zero');
    }
    const cents = Math.round(amount * 100);
    if (Math.abs(cents - amount * 100) > 1e-6) return fail('must have at most 2 decimals');
    return (cents / 100).toFixed(2);
  }
  if (typeof amount !== 'string') return fail('must be a number or a plain decimal string');
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) {
    return fail('must be a plain decimal with at most 2 decimals (no $, no , and no sign)');
  }
  if (!(Number(amount) > 0)) return fail('must be above zero');
  if (Number(amount) > MAX_AMOUNT) return fail('is too large');
  return amount;
}

/**
 * The request: a POST with a form body (the auth key stays out of URLs), or with `transport:
 * 'query'` a GET with the parameters in the query string (redacted wherever it is logged).
 *
 * @example
 * const spec = adjustmentRequest(config, params, 'affiliate-relay-node/1.0.0');
 */
export function adjustmentRequest(
  config: AdjustmentConfig,
  params: AvantLinkAdjustmentParams,
  userAgent: string,
): HttpRequestSpec {
  const encoded = new URLSearchParams(params as Record<string, string>).toString();
  const headers: Record<string, string> = {
    Accept: 'application/json, text/xml, text/plain, */*',
    'User-Agent': userAgent,
  };
  if (config.transport === 'query') return { method: 'GET', url: `${config.url}?${encoded}`, headers };
  headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { method: 'POST', url: config.url, headers, body: encoded };
}

/**
 * How an answer is read. NOTE: UNCONFIRMED: AvantLink's answer format is unknown, so the reading is
 * lenient and errs towards "not applied" only when the answer says so:
 * - `accepted`: a 2xx that carries no error (`success: false`, an `error` field, an `<error>` element
 *   or a text starting with "error");
 * - `rate-limited`: a 429, or any answer that speaks of the request limit: refused, not processed;
 * - `ambiguous`: 408 or 5xx, which may or may not have applied the adjustment;
 * - `rejected`: anything else (other 4xx, a redirect that is never followed, a 2xx with an error).
 */
export type AdjustmentAnswer = 'accepted' | 'rate-limited' | 'ambiguous' | 'rejected';

const LIMIT_TEXT = /(request|daily|api) limit|too many requests/i;
const ERROR_TEXT = /^\s*(<\?xml[^>]*>\s*)?(<error\b|error\b)/i;

/**
 * @example
 * readAdjustmentAnswer({ status: 200, text: '{"success":true}', body: { success: true } }); // 'accepted'
 */
export function readAdjustmentAnswer(result: Pick<HttpResult, 'status' | 'text' | 'body'>): AdjustmentAnswer {
  const { status, text, body } = result;
  if (status === 429 || (status >= 400 && status < 500 && LIMIT_TEXT.test(text))) return 'rate-limited';
  if (status === 408 || (status >= 500 && status <= 599)) return 'ambiguous';
  if (status < 200 || status >= 300) return 'rejected';
  if (saysError(body) || ERROR_TEXT.test(text)) return LIMIT_TEXT.test(text) ? 'rate-limited' : 'rejected';
  return 'accepted';
}

function saysError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { success, error, errors } = body as Record<string, unknown>;
  if (success === false || success === 'false' || success === 0) return true;
  if (typeof error === 'string' ? error !== '' : error !== undefined && error !== null && error !== false)
    return true;
  return Array.isArray(errors) && errors.length > 0;
}

function integerId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) && Number.isSafeInteger(Number(value))) {
    return value;
  }
  return undefined;
}

// AvantLink's legacy API is https only: the auth key must never cross the network in clear. http is
// allowed for a loopback host (the testkit's fakes) or when a test says so explicitly.
function checkSecureUrl(value: unknown, allowInsecureHttp: boolean): string {
  const name = 'AvantLinkClient: adjustments.url';
  if (typeof value !== 'string') throw new ConfigError(`${name} must be an absolute https URL`);
  const url = new URL(normalizeBaseUrl(value, name));
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname) && !allowInsecureHttp) {
    throw new ConfigError(
      `${name} must use https (AvantLink's legacy API is https only); http is allowed for 127.0.0.1, localhost and [::1], or with adjustments.allowInsecureHttp`,
    );
  }
  return normalizeBaseUrl(value, name);
}
