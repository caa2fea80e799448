import type * as z from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';

/** Turns zod's issues into the SDK's: a dotted path in the payload's own names, and a message. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * Parses `value` with `schema`, or throws a {@link ValidationError} naming every field at fault.
 *
 * @example
 * const order = parseOrThrow(orderInputSchema, input, 'order');
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(subject, toValidationIssues(result.error));
  return result.data;
}
