export {
  type AfliteGoalParams,
  type AfliteGoalQuery,
  afliteGoalParamsSchema,
  afliteGoalQuerySchema,
} from './aflite';
export {
  type AvantLinkClickBody,
  type AvantLinkErrorBody,
  type AvantLinkLineItem,
  type AvantLinkOrderBody,
  avantLinkClickBodySchema,
  avantLinkErrorBodySchema,
  avantLinkLineItemSchema,
  avantLinkOrderBodySchema,
  avantLinkOrderSchema,
  avantLinkSuccessSchema,
} from './avantlink';
export {
  type AvantLinkAdjustmentParams,
  avantLinkAdjustmentParamsSchema,
  PLAIN_POSITIVE_DECIMAL,
} from './avantlink-adjustment';
export { beaconSchema, touchSchema, visitorIdSchema, withdrawalSchema } from './beacon';
export { type LineItemInput, lineItemInputSchema, type OrderInput, orderInputSchema } from './order-input';
export { parseOrThrow, toValidationIssues } from './validate';
