import * as z from 'zod';
import { AVANTLINK_PRODUCTS_FIELD, AVANTLINK_LINE_ITEM_FIELDS as ITEM } from '../avantlink-wire';

/*
 * AvantLink's S2S bodies, field for field as `specs/avantlink-click-tracking.txt` and the order page
 * (summarised in `specs/NETWORKS.md`) give them.
 */

const trackingIdsSchema = z.object({
  user_id: z.array(z.string()),
  visitor_id: z.array(z.string()),
  avantlink_avad: z.string(),
});

const optionalFields = {
  referrer_url: z.string().optional(),
  google_click_id: z.string().optional(),
  custom_tracking_code: z.string().optional(),
  user_ip_address: z.string().optional(),
};

type TrackingIds = z.infer<typeof trackingIdsSchema>;

/** AvantLink answers 400 `tracking_ids.blank` when no tracking id is given; we check it first. */
function hasTrackingId(ids: TrackingIds): boolean {
  return [...ids.user_id, ...ids.visitor_id, ids.avantlink_avad].some((id) => id.length > 0);
}
const trackingIdRule = {
  message: 'at least one tracking id (user_id, visitor_id or avantlink_avad) is needed',
  path: ['tracking_ids'],
};

/** Body of `POST /merchants/{merchant_uuid}/tracking/click`. */
export const avantLinkClickBodySchema = z
  .object({
    tracking_ids: trackingIdsSchema,
    user_agent: z.string().min(1, 'the shopper’s browser User-Agent is required'),
    current_url: z.string().min(1, 'the page URL is required'),
    ...optionalFields,
  })
  .refine((body) => hasTrackingId(body.tracking_ids), trackingIdRule);

/** One line item of an order (wire names in `avantlink-wire.ts`); extra fields pass through. */
export const avantLinkLineItemSchema = z
  .object({
    [ITEM.parentSku]: z.string().min(1),
    [ITEM.variantSku]: z.string().optional(),
    [ITEM.price]: z.number().nonnegative(),
    [ITEM.quantity]: z.number().int().positive(),
  })
  .catchall(z.unknown());

/** The `order` object of the order body. Fields beyond the documented ones pass through. */
export const avantLinkOrderSchema = z
  .object({
    order_number: z.string().min(1),
    order_amount_subtotal: z.number().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    coupon_codes: z.array(z.string()).optional(),
    customer: z
      .object({
        new_customer: z.boolean().optional(),
        country: z.string().optional(),
        region: z.string().optional(),
        state: z.string().optional(),
      })
      .optional(),
    [AVANTLINK_PRODUCTS_FIELD]: z.array(avantLinkLineItemSchema).optional(),
  })
  .catchall(z.unknown());

/**
 * Body of `POST /merchants/{merchant_uuid}/tracking/order`: the click's fields plus `order`.
 * NOTE: which order-level fields AvantLink requires is unpublished; `user_agent` and `current_url`
 * must be present but may be empty (an order confirmed in a webhook has no browser).
 */
export const avantLinkOrderBodySchema = z
  .object({
    tracking_ids: trackingIdsSchema,
    user_agent: z.string(),
    current_url: z.string(),
    ...optionalFields,
    order: avantLinkOrderSchema,
  })
  .refine((body) => hasTrackingId(body.tracking_ids), trackingIdRule);

/** AvantLink's documented answers. */
export const avantLinkSuccessSchema = z.object({ success: z.literal(true) });
export const avantLinkErrorBodySchema = z.object({
  error: z.string(),
  error_key: z.string(),
  exception: z.string(),
});

export type AvantLinkClickBody = z.infer<typeof avantLinkClickBodySchema>;
export type AvantLinkOrderBody = z.infer<typeof avantLinkOrderBodySchema>;
export type AvantLinkLineItem = z.infer<typeof avantLinkLineItemSchema>;
export type AvantLinkErrorBody = z.infer<typeof avantLinkErrorBodySchema>;
