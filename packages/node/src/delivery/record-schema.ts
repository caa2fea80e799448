import { StoreError, ValidationError } from '@affiliate-relay/core';
import type * as Zod from 'zod';
import { schemas } from '../lazy-schemas';
import type { DeliveryRecord } from './contract';

/*
 * The stored delivery record (contract.ts's `DeliveryRecord`, as `record-format.ts` reads it back, its version
 * already upgraded), as one zod schema: the envelope every kind shares, and for a reversal the relay's own request.
 * Which fields a network's click or order request holds is that network's to say (`NetworkDefinition.storedFields`,
 * checked before a send in attempt.ts), so those requests are checked to be objects only.
 *
 * NOTE: unknown fields pass through untouched, at the top level and inside `request` and `lastError`: a field a
 * later release (or another branch) adds to `DeliveryRecordBase` is kept as it was stored, and a record written by
 * a newer minor with more fields still reads. Only the fields named here are checked.
 *
 * zod is loaded lazily (lazy-schemas.ts): the schema is built on first use, after `loadSchemas()`, which every
 * store method that reads records awaits (see `readStoredRecord`).
 */

function build(z: typeof Zod) {
  const text = (field: string) =>
    z.string({ error: `${field} must be a non-empty string` }).min(1, `${field} must be a non-empty string`);
  const time = (field: string) => z.number({ error: `${field} must be a number` });
  const envelope = {
    key: text('key'),
    network: text('network'),
    status: z.enum(['pending', 'sent', 'failed'], {
      error: (issue) => `status must be pending, sent or failed (not ${String(issue.input)})`,
    }),
    attempts: time('attempts'),
    createdAt: time('createdAt'),
    updatedAt: time('updatedAt'),
    nextAttemptAt: time('nextAttemptAt'),
    owner: z.string().optional(),
    sendingSince: time('sendingSince').optional(),
    lastError: z
      .looseObject({
        name: z.string(),
        message: z.string(),
        code: z.string().optional(),
        status: z.number().optional(),
      })
      .optional(),
    // The attempt log, decision note and Retry now's time (explainOrder; contract.ts): their shape is checked where
    // it matters to a send (none of it is sent); here only that each is what the explanation can read.
    log: z.array(z.looseObject({ attempt: z.number(), at: z.number(), outcome: z.string() })).optional(),
    decision: z.looseObject({ at: z.number(), source: z.string() }).optional(),
    redeliveredAt: time('redeliveredAt').optional(),
    // Recorded in test mode: never sent live.
    test: z.literal(true, { error: 'test must be true when present' }).optional(),
  };
  const request = z.looseObject({}, { error: 'request must be an object' });
  const missing = (field: string) => ({ error: `request.${field} is missing` });
  const reversalRequest = z.looseObject(
    {
      reversalId: z.string(missing('reversalId')),
      orderId: z.string(missing('orderId')),
      amount: z.string(missing('amount')),
      type: z.string(missing('type')),
      orderedAt: z.number().optional(),
      items: z.array(z.looseObject({ sku: z.string(), quantity: z.number(), amount: z.string() })).optional(),
    },
    { error: 'request must be an object' },
  );
  return z.discriminatedUnion(
    'kind',
    [
      z.looseObject({ kind: z.literal('click'), ...envelope, request }),
      z.looseObject({ kind: z.literal('order'), ...envelope, request }),
      z.looseObject({ kind: z.literal('reversal'), ...envelope, request: reversalRequest }),
      // What explainOrder reads of an order credited to nobody: no network call, `sent` from the start.
      z.looseObject({ kind: z.literal('decision'), ...envelope, request }),
    ],
    {
      error: (issue) =>
        `kind must be click, order, reversal or decision (not ${String((issue.input as { kind?: unknown } | undefined)?.kind)})`,
    },
  );
}

let schema: ReturnType<typeof build> | undefined;

/**
 * The stored record's schema, built once. Needs `loadSchemas()` first.
 *
 * @example
 * await loadSchemas();
 * recordSchema().safeParse(JSON.parse(row.record));
 */
export function recordSchema(): ReturnType<typeof build> {
  schema ??= build(schemas().z);
  return schema;
}

/**
 * A stored record (its version upgraded) checked against {@link recordSchema}: the record as stored, every field
 * kept, or a StoreError naming each field that is wrong (its `cause` is a ValidationError with their paths).
 * Needs `loadSchemas()` first.
 *
 * @example
 * const record = checkStoredRecord(upgraded);
 */
export function checkStoredRecord(value: Record<string, unknown>): DeliveryRecord {
  const result = recordSchema().safeParse(value);
  if (result.success) return value as unknown as DeliveryRecord;
  const issues = schemas().toValidationIssues(result.error);
  const cause = new ValidationError('A stored delivery', issues);
  // Each field once, by its path: `attempts must be a number`, `request.reversalId is missing`.
  const where = issues.map((issue) =>
    issue.message.startsWith(issue.path) ? issue.message : `${issue.path || '(root)'}: ${issue.message}`,
  );
  throw new StoreError(`A stored delivery cannot be read: ${where.join('; ')}`, { cause });
}
