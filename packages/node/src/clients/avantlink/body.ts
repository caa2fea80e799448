import {
  AVANTLINK_PRODUCTS_FIELD,
  AVANTLINK_LINE_ITEM_FIELDS as ITEM,
  ValidationError,
  type ValidationIssue,
} from '@affiliate-relay/core';
import type { AvantLinkClickBody, AvantLinkOrderBody, orderInputSchema } from '@affiliate-relay/core/schemas';
import { schemas } from '../../lazy-schemas';
import { checkPersonalData, withoutEmailParams } from './personal-data';
import type { AvantLinkClickInput, AvantLinkOrderInput } from './types';

/*
 * The one module where AvantLink's wire names are written (line-item names come from core's
 * AVANTLINK_LINE_ITEM_FIELDS). Rules: `avantlink_avad` is sent exactly as given ('' when none);
 * optional fields that are absent or '' are left out; extra order and line-item fields pass
 * through verbatim, but may not overwrite a documented field.
 */

type Wire = Record<string, unknown>;

/**
 * The JSON body of `tracking/click`, validated. Throws a ValidationError naming each field.
 *
 * @example
 * toClickBody({ avad: '77_f3afbe121', userAgent: req.headers['user-agent'], currentUrl: pageUrl });
 */
export function toClickBody(input: AvantLinkClickInput): AvantLinkClickBody {
  requireObject(input, 'AvantLink click');
  const body = commonFields(input);
  const { parseOrThrow, avantLinkClickBodySchema } = schemas();
  parseOrThrow(avantLinkClickBodySchema, body, 'AvantLink click');
  checkPersonalData(body, 'AvantLink click');
  return body as AvantLinkClickBody;
}

/**
 * The JSON body of `tracking/order`, validated: the click's fields plus `order`.
 *
 * @example
 * toOrderBody({ avad, visitorIds: [cartId], order: { orderId: '12345', subtotal: 100, currency: 'USD' } });
 */
export function toOrderBody(input: AvantLinkOrderInput): AvantLinkOrderBody {
  requireObject(input, 'AvantLink order');
  const { parseOrThrow, orderInputSchema, avantLinkOrderBodySchema } = schemas();
  const order = parseOrThrow(orderInputSchema, input.order, 'order');
  const issues: ValidationIssue[] = [];
  const body = {
    ...commonFields({ ...input, userAgent: input.userAgent ?? '', currentUrl: input.currentUrl ?? '' }),
  };
  body.order = toWireOrder(order, issues);
  if (issues.length > 0) throw new ValidationError('AvantLink order', issues);
  parseOrThrow(avantLinkOrderBodySchema, body, 'AvantLink order');
  checkPersonalData(body, 'AvantLink order', [
    { path: 'order.extra', value: order.extra },
    ...(order.items ?? []).map((item, index) => {
      const { parentSku: _p, variantSku: _v, price: _r, quantity: _q, ...extra } = item;
      return { path: `order.items.${index}`, value: extra };
    }),
  ]);
  return body as AvantLinkOrderBody;
}

function commonFields(input: AvantLinkClickInput): Wire {
  const body: Wire = {
    tracking_ids: {
      user_id: ids(input.userIds),
      visitor_id: ids(input.visitorIds),
      avantlink_avad: input.avad ?? '',
    },
    user_agent: input.userAgent,
    // Browser URLs may carry a shopper's email in a parameter: it is removed, the call is kept.
    current_url:
      typeof input.currentUrl === 'string' ? withoutEmailParams(input.currentUrl) : input.currentUrl,
  };
  setIfPresent(
    body,
    'referrer_url',
    typeof input.referrerUrl === 'string' ? withoutEmailParams(input.referrerUrl) : input.referrerUrl,
  );
  setIfPresent(body, 'google_click_id', input.googleClickId);
  setIfPresent(body, 'custom_tracking_code', input.customTrackingCode);
  setIfPresent(body, 'user_ip_address', input.userIpAddress);
  return body;
}

type ParsedOrder = ReturnType<typeof orderInputSchema.parse>;

function toWireOrder(order: ParsedOrder, issues: ValidationIssue[]): Wire {
  const wire: Wire = {
    order_number: order.orderId,
    order_amount_subtotal: order.subtotal,
    currency: order.currency,
  };
  if (order.couponCodes && order.couponCodes.length > 0) wire.coupon_codes = order.couponCodes;
  const customer: Wire = {};
  setIfPresent(customer, 'new_customer', order.customer?.newCustomer);
  setIfPresent(customer, 'country', order.customer?.country);
  setIfPresent(customer, 'region', order.customer?.region);
  setIfPresent(customer, 'state', order.customer?.state);
  if (Object.keys(customer).length > 0) wire.customer = customer;
  if (order.items && order.items.length > 0) {
    wire[AVANTLINK_PRODUCTS_FIELD] = order.items.map((item, index) => {
      const { parentSku, variantSku, price, quantity, ...extra } = item;
      const line: Wire = { [ITEM.parentSku]: parentSku, [ITEM.price]: price, [ITEM.quantity]: quantity };
      setIfPresent(line, ITEM.variantSku, variantSku);
      return withExtra(line, extra, `order.items.${index}`, issues);
    });
  }
  return withExtra(wire, order.extra ?? {}, 'order.extra', issues);
}

function withExtra(documented: Wire, extra: Wire, path: string, issues: ValidationIssue[]): Wire {
  for (const key of Object.keys(extra)) {
    if (key in documented)
      issues.push({ path: `${path}.${key}`, message: `would overwrite the documented field ${key}` });
  }
  return { ...extra, ...documented };
}

function requireObject(input: unknown, subject: string): void {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError(subject, [{ path: '', message: 'an object is expected' }]);
  }
}

// An empty id is no id: leave it out rather than send [""]. Anything else goes to the schema as is.
function ids(value: unknown): unknown {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.filter((id) => id !== '') : value;
}

function setIfPresent(target: Wire, key: string, value: unknown): void {
  if (value !== undefined && value !== null && value !== '') target[key] = value;
}
