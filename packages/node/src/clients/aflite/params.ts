import { ValidationError } from '@affiliate-relay/core';
import type { AfliteGoalParams, AfliteGoalQuery } from '@affiliate-relay/core/schemas';
import { schemas } from '../../lazy-schemas';
import type { AfliteGoalInput } from './types';

/*
 * The one module where Aflite's wire names are written (`apikey`, `mid`, `clickSessionID`,
 * `goalid`, `mref`, `value`, `traceOnly`), as `specs/aflite-advanced-tracking-api.txt` lists them.
 */

export interface AfliteCredentials {
  apiKey: string;
  merchantId: string;
}

// Beyond this a number loses its cents (and toFixed switches to exponent form at 1e21).
const MAX_VALUE = 1e13;

/**
 * Aflite's `value`: a plain decimal string. A number gets two decimals (`10.5` → `"10.50"`,
 * `1000` → `"1000.00"`); a string must already be digits with at most one dot (`"9.15"`, `"5"`).
 *
 * @example
 * formatGoalValue(10.99); // '10.99'
 */
export function formatGoalValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_VALUE) {
    throw new ValidationError('Aflite goal', [
      { path: 'value', message: 'Value is not a number: give a finite amount, 0 or more' },
    ]);
  }
  return (Math.round((value + Number.EPSILON) * 100) / 100).toFixed(2);
}

/**
 * The parameters of `register/goal`, validated against Aflite's documented errors.
 *
 * @example
 * toGoalParams({ apiKey, merchantId }, { clickSessionId: 'abc123', goalId: 7, merchantRef: 'order-1', value: 10.99 });
 */
export function toGoalParams(credentials: AfliteCredentials, input: AfliteGoalInput): AfliteGoalParams {
  if (typeof input !== 'object' || input === null) {
    throw new ValidationError('Aflite goal', [{ path: '', message: 'an object is expected' }]);
  }
  const params = {
    apikey: credentials.apiKey,
    mid: credentials.merchantId,
    clickSessionID: input.clickSessionId,
    goalid: typeof input.goalId === 'number' ? String(input.goalId) : input.goalId,
    mref: input.merchantRef,
    value: input.value === undefined ? undefined : formatGoalValue(input.value),
    traceOnly: input.traceOnly ? '1' : '0',
  };
  const { parseOrThrow, afliteGoalParamsSchema } = schemas();
  return parseOrThrow(afliteGoalParamsSchema, params, 'Aflite goal');
}

/**
 * The parameters of the goal retrieval feed (`data/goals`).
 *
 * @example
 * toGoalQuery({ apiKey, merchantId }, 'order-1'); // { apikey, mref: 'order-1' }
 */
export function toGoalQuery(credentials: AfliteCredentials, merchantRef: string): AfliteGoalQuery {
  const { parseOrThrow, afliteGoalQuerySchema } = schemas();
  return parseOrThrow(
    afliteGoalQuerySchema,
    { apikey: credentials.apiKey, mref: merchantRef },
    'Aflite goal query',
  );
}

/** Form (or query) encoding of the parameters, in a stable order. */
export function encodeParams(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.append(key, value);
  return search.toString();
}
