import * as z from 'zod';
import {
  type Beacon,
  CONSENT_SOURCE_PATTERN,
  MAX_BEACON_URL_LENGTH as MAX_URL_LENGTH,
  type Withdrawal,
} from '../beacon';
import { isAcceptableClickId } from '../click-id';
import { NETWORK_ID_PATTERN } from '../networks';
import { VISITOR_ID_PATTERN } from '../visitor-id';

const clickId = z.string().refine(isAcceptableClickId, {
  message: 'must be 1 to 512 bytes percent-encoded, with no control characters or lone surrogates',
});

/** One touch as the browser script sends it. */
export const touchSchema = z.object({
  // Any network id: the script sends only the built-in networks; which other networks a relay takes is its own.
  network: z
    .string()
    .regex(NETWORK_ID_PATTERN, 'must be a network id: 2 to 32 of a-z 0-9 -, starting with a letter'),
  clickId,
  // At most 9 base-36 digits (36 ** 9 - 1 ms, the year 5188): all the ar_touches cookie can hold, and well
  // inside the Date range, so a touch the schema accepts can be stored and dated.
  capturedAt: z
    .number()
    .int()
    .positive()
    .max(36 ** 9 - 1),
  landingUrl: z.string().max(MAX_URL_LENGTH).optional(),
  referrer: z.string().max(MAX_URL_LENGTH).optional(),
  gclid: clickId.optional(),
});

/** Anonymous visitor id: 8 to 64 URL-safe characters. */
export const visitorIdSchema = z
  .string()
  .regex(VISITOR_ID_PATTERN, 'must be 8 to 64 characters of A-Z a-z 0-9 _ -');

/** What the browser script beacons to the shop's collect endpoint: core's `Beacon`, checked. */
export const beaconSchema = z.object({
  touches: z.array(touchSchema).min(1, 'at least one touch is needed').max(4),
  visitorId: visitorIdSchema,
  pageUrl: z.url({ protocol: /^https?$/ }).max(MAX_URL_LENGTH),
  referrer: z.string().max(MAX_URL_LENGTH).optional(),
  consent: z.string().regex(CONSENT_SOURCE_PATTERN, 'must be 1 to 32 of a-z 0-9 _ -').optional(),
});

/** What the browser script beacons when consent is withdrawn: core's `Withdrawal`, checked. */
export const withdrawalSchema = z.object({
  withdraw: z.literal(true),
  visitorId: visitorIdSchema.optional(),
});

// The schema parses to core's `Beacon` and accepts every `Beacon`: the type is written once, in core's root entry
// (the browser imports it without zod), and this fails to compile when the two drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
type _ParsesToBeacon = Holds<Same<z.infer<typeof beaconSchema>, Beacon>>;
type _ParsesToWithdrawal = Holds<Same<z.infer<typeof withdrawalSchema>, Withdrawal>>;
