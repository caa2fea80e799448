import * as z from 'zod';

/*
 * Aflite's Advanced Tracking API, as `specs/aflite-advanced-tracking-api.txt` gives it. Messages
 * repeat Aflite's own Tracking Error Report wording where it has one.
 */

function required(message: string) {
  return z.string({ error: message }).min(1, message);
}
const flag = z.enum(['0', '1']);

/** Parameters of `register/goal` (GET query or POST form body). */
export const afliteGoalParamsSchema = z.object({
  apikey: required('API key is missing'),
  mid: required('Merchant ID is missing'),
  clickSessionID: required('Click Session ID is missing'),
  goalid: required('Goal ID is missing'),
  mref: required('Merchant Reference is Missing'),
  value: required('Value is missing').regex(/^\d+(\.\d+)?$/, 'Value is not a number'),
  traceOnly: flag.optional(),
  help: flag.optional(),
});

/** Parameters of the goal retrieval feed (`data/goals`). */
export const afliteGoalQuerySchema = z.object({
  apikey: required('API key is missing'),
  mref: required('Merchant Reference is Missing'),
});

export type AfliteGoalParams = z.infer<typeof afliteGoalParamsSchema>;
export type AfliteGoalQuery = z.infer<typeof afliteGoalQuerySchema>;
