import * as z from 'zod';

// Control characters (NUL above all) are refused: no network takes them, and PostgreSQL cannot store them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const text = () =>
  z.string().refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');

const amount = z.number().nonnegative().refine(Number.isFinite, 'must be a finite number');

/** One line of an order, in the SDK's names. Extra fields pass through to the network. */
export const lineItemInputSchema = z
  .object({
    parentSku: text().min(1),
    variantSku: text().min(1).optional(),
    /** Unit price. */
    price: amount,
    quantity: z.number().int().positive(),
  })
  .catchall(z.unknown());

/** An order as a shop hands it to `recordConversion` or `trackOrder`. */
export const orderInputSchema = z.object({
  /** The shop's order number: AvantLink's `order_number`, Aflite's `mref`. Unique per order. */
  orderId: text().min(1).max(128),
  /** Subtotal without tax and shipping. */
  subtotal: amount,
  /** ISO 4217 code in capitals, such as `USD`. */
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
  couponCodes: z.array(text().min(1)).optional(),
  customer: z
    .object({
      newCustomer: z.boolean().optional(),
      country: text().optional(),
      region: text().optional(),
      state: text().optional(),
    })
    .optional(),
  items: z.array(lineItemInputSchema).optional(),
  /** Further AvantLink order fields, passed through as given. */
  extra: z.record(z.string(), z.unknown()).optional(),
});

export type OrderInput = z.input<typeof orderInputSchema>;
export type LineItemInput = z.input<typeof lineItemInputSchema>;
