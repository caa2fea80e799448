import * as z from 'zod';

// Control characters (NUL above all) are refused: no network takes them, and PostgreSQL cannot store them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// Lone surrogates (ill-formed UTF-16; with the `u` flag a well-formed pair is one code point, so
// emoji pass): PostgreSQL's jsonb refuses them, so an order holding one could never be stored.
const LONE_SURROGATE = /\p{Cs}/u;
const text = () =>
  z
    .string()
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed text (no lone surrogate)');

// Extra fields pass through as given, but must be storable: no NUL and no lone surrogate in any
// string or key inside them (the two things a JSON column refuses).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching NUL is the point.
const UNSTORABLE = /[\u0000\p{Cs}]/u;
function isStorable(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return !UNSTORABLE.test(value);
  if (depth > 32 || typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every((item) => isStorable(item, depth + 1));
  return Object.entries(value).every(([key, item]) => !UNSTORABLE.test(key) && isStorable(item, depth + 1));
}
const extraField = z
  .unknown()
  .refine((value) => isStorable(value), 'must hold no NUL character and no lone surrogate');
const extraKey = z
  .string()
  .refine((key) => !UNSTORABLE.test(key), 'must hold no NUL character and no lone surrogate');

// Messages that say what to send, not only what is wrong: the SDK's validation errors quote them.
const AMOUNT = "must be a number ≥ 0 in the currency's major unit, e.g. 19.99 (not cents, not a string)";
const amount = () => z.number({ error: AMOUNT }).nonnegative(AMOUNT).refine(Number.isFinite, AMOUNT);

/** One line of an order, in the SDK's names. Extra fields pass through to the network. */
export const lineItemInputSchema = z
  .object({
    parentSku: text().min(1, "must be the product's SKU (1 character or more)"),
    variantSku: text().min(1, "must be the variant's SKU (1 character or more), or left out").optional(),
    /** Unit price. */
    price: amount(),
    quantity: z
      .number({ error: 'must be a whole number ≥ 1, e.g. 2' })
      .int('must be a whole number ≥ 1, e.g. 2')
      .positive('must be a whole number ≥ 1, e.g. 2'),
  })
  .catchall(extraField);

/** An order as a shop hands it to `recordConversion` or `trackOrder`. */
export const orderInputSchema = z.object({
  /** The shop's order number: AvantLink's `order_number`, Aflite's `mref`. Unique per order. */
  orderId: text()
    .min(1, "must be your order's own id, 1 to 128 characters, unique per order")
    .max(128, "must be your order's own id, 1 to 128 characters, unique per order"),
  /** Subtotal without tax and shipping. */
  subtotal: amount(),
  /** ISO 4217 code in capitals, such as `USD`. */
  currency: z
    .string({ error: 'must be an ISO 4217 code in capitals, such as USD or GBP' })
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, such as USD or GBP'),
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
  extra: z.record(extraKey, extraField).optional(),
});

export type OrderInput = z.input<typeof orderInputSchema>;
export type LineItemInput = z.input<typeof lineItemInputSchema>;
