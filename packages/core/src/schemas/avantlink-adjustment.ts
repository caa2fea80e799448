import * as z from 'zod';
import {
  AVANTLINK_ADJUSTMENT_API as API,
  AVANTLINK_ADJUSTMENT_TYPES,
  AVANTLINK_AUTH_KEY_LENGTH,
  AVANTLINK_ADJUSTMENT_PARAMS as P,
} from '../avantlink-adjustment-wire';

/*
 * The parameters of AvantLink's legacy `MerchantTransactionAdjustment` module, as `specs/NETWORKS.md`
 * ("Returns and adjustments") gives them. Every value travels as text (a query or a form).
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A positive plain decimal: digits with at most one dot, no `$`, no `,`, above zero. */
export const PLAIN_POSITIVE_DECIMAL = /^\d+(\.\d+)?$/;

const authKeyPattern = new RegExp(`^[\\x21-\\x7e]{${AVANTLINK_AUTH_KEY_LENGTH}}$`);

/** Parameters of one adjustment request (wire names from `avantlink-adjustment-wire.ts`). */
export const avantLinkAdjustmentParamsSchema = z.object({
  [API.moduleParam]: z.literal(API.module, { error: `must be ${API.module}` }),
  [P.authKey]: z
    .string({ error: 'auth_key is missing' })
    .regex(authKeyPattern, `must be the ${AVANTLINK_AUTH_KEY_LENGTH}-character auth_key`),
  [P.merchantId]: z
    .string({ error: 'merchant_id is missing' })
    .regex(/^[1-9]\d{0,15}$/, 'must be the integer merchant id (not the UUID)'),
  [P.orderId]: z
    .string({ error: 'transaction_id is missing' })
    .min(1, 'transaction_id is missing')
    .max(128)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters'),
  [P.amount]: z
    .string({ error: 'adjustment_amount is missing' })
    .regex(PLAIN_POSITIVE_DECIMAL, { error: 'must be a plain decimal (no $ and no ,)', abort: true })
    .refine((value) => Number(value) > 0, 'must be above zero'),
  [P.type]: z.enum(AVANTLINK_ADJUSTMENT_TYPES, {
    error: `must be one of ${AVANTLINK_ADJUSTMENT_TYPES.join(', ')}`,
  }),
});

export type AvantLinkAdjustmentParams = z.infer<typeof avantLinkAdjustmentParamsSchema>;
