import * as z from 'zod';

const amount = z.number().nonnegative().refine(Number.isFinite, 'must be a finite number');

/** One line of an order, in the SDK's names. Extra fields pass through to the network. */
export const lineItemInputSchema = z
  .object({
    parentSku: z.string().min(1),
    variantSku: z.string().min(1).optional(),
    /** Unit price. */
    price: amount,
    quantity: z.number().int().positive(),
  })
  .catchall(z.unknown());

/** An order as a shop hands it to `recordConversion` or `trackOrder`. */
export const orderInputSchema = z.object({
  /** The shop's order number: AvantLink's `order_number`, Aflite's `mref`. Unique per order. */
  orderId: z.string().min(1).max(128),
  /** Subtotal without tax and shipping. */
  subtotal: amount,
  /** ISO 4217 code in capitals, such as `USD`. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  couponCodes: z.array(z.string().min(1)).optional(),
  customer: z
    .object({
      newCustomer: z.boolean().optional(),
      country: z.string().optional(),
      region: z.string().optional(),
      state: z.string().optional(),
    })
    .optional(),
  items: z.array(lineItemInputSchema).optional(),
  /** Further AvantLink order fields, passed through as given. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

export type OrderInput = z.input<typeof orderInputSchema>;
export type LineItemInput = z.input<typeof lineItemInputSchema>;
