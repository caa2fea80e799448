import { ValidationError } from '@affiliate-relay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AFLITE_EXPECTED_VARIABLES } from '../../../../../tooling/spec-examples';
import { validationIssues } from '../../../test/fixtures/validation-issues';
import { loadSchemas } from '../../lazy-schemas';
import { encodeParams, formatGoalValue, toGoalParams, toGoalQuery } from './params';
import type { AfliteGoalInput } from './types';

// These builders are synchronous: the async entry points load the schemas before calling them.
beforeAll(async () => {
  await loadSchemas();
});

const credentials = { apiKey: 'abc123', merchantId: 'abc123' };
const goal: AfliteGoalInput = {
  clickSessionId: 'abc123',
  goalId: 'abc123',
  merchantRef: 'abc123',
  value: '10.99',
};

describe('toGoalParams (aflite-advanced-tracking-api.txt, Expected Variables)', () => {
  it("gives the page's example values under the page's names", () => {
    const params = toGoalParams(credentials, goal);
    const { traceOnly: _t, help: _h, ...examples } = AFLITE_EXPECTED_VARIABLES;
    expect(params).toEqual({ ...examples, traceOnly: '0' });
  });

  it('uses only names the page lists (help is never sent by the client)', () => {
    const params = toGoalParams(credentials, { ...goal, traceOnly: true });
    expect(Object.keys(params).every((name) => name in AFLITE_EXPECTED_VARIABLES)).toBe(true);
    expect(Object.keys(params)).toEqual([
      'apikey',
      'mid',
      'clickSessionID',
      'goalid',
      'mref',
      'value',
      'traceOnly',
    ]);
  });

  it('sends traceOnly as 1 or 0', () => {
    expect(toGoalParams(credentials, { ...goal, traceOnly: true }).traceOnly).toBe('1');
    expect(toGoalParams(credentials, { ...goal, traceOnly: false }).traceOnly).toBe('0');
    expect(toGoalParams(credentials, goal).traceOnly).toBe('0');
  });

  it('sends a numeric goal id as a string, and ids as given', () => {
    const params = toGoalParams(credentials, { ...goal, goalId: 7, clickSessionId: ' Ab+c/1 ' });
    expect(params.goalid).toBe('7');
    expect(params.clickSessionID).toBe(' Ab+c/1 ');
  });

  it("names missing fields with Aflite's own error texts", () => {
    const issues = validationIssues(() => toGoalParams(credentials, {} as AfliteGoalInput));
    expect(issues).toEqual([
      { path: 'clickSessionID', message: 'Click Session ID is missing' },
      { path: 'goalid', message: 'Goal ID is missing' },
      { path: 'mref', message: 'Merchant Reference is Missing' },
      { path: 'value', message: 'Value is missing' },
    ]);
  });

  it.each(['£9.15', '1,000', '1e3', '-1', '10.', '.5', ' 5', 'ten', ''])('rejects the value %j', (value) => {
    const issues = validationIssues(() => toGoalParams(credentials, { ...goal, value }));
    expect(issues[0]?.path).toBe('value');
  });

  it.each(['9.15', '5', '0', '1000.00'])('sends the decimal string %s as given', (value) => {
    expect(toGoalParams(credentials, { ...goal, value }).value).toBe(value);
  });
});

describe('formatGoalValue', () => {
  it.each([
    [10.99, '10.99'],
    [10.5, '10.50'],
    [5, '5.00'],
    [1000, '1000.00'],
    [1234567.891, '1234567.89'],
    [0, '0.00'],
    [1.005, '1.01'],
    [0.1 + 0.2, '0.30'],
  ])('formats %d as %s: two decimals, no sign, no separator, no exponent', (value, expected) => {
    expect(formatGoalValue(value)).toBe(expected);
    expect(expected).toMatch(/^\d+\.\d{2}$/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 1e21])('rejects %d', (value) => {
    expect(() => formatGoalValue(value)).toThrow(ValidationError);
  });
});

describe('toGoalQuery and encodeParams', () => {
  it('asks the feed with apikey and mref only', () => {
    expect(toGoalQuery(credentials, 'order-1')).toEqual({ apikey: 'abc123', mref: 'order-1' });
    expect(() => toGoalQuery(credentials, '')).toThrow(ValidationError);
  });

  it('form-encodes in order and skips undefined', () => {
    expect(encodeParams({ apikey: 'k y', mref: 'a&b=c', help: undefined })).toBe('apikey=k+y&mref=a%26b%3Dc');
  });
});
