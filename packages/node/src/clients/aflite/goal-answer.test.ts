import { describe, expect, it } from 'vitest';
import { AFLITE_ERROR_TEXTS } from '../../../../../tooling/spec-examples';
import { afliteHttpError, readGoalAnswer } from './goal-answer';

describe('readGoalAnswer', () => {
  it.each([
    [200, 'OK', 'recorded'],
    [200, ' ok\n', 'recorded'],
    [200, 'TRACE OK', 'recorded'],
    [200, '', 'unrecognised'],
    [204, '', 'unrecognised'],
    [200, 'ERROR: Invalid API key', 'unrecognised'],
    [200, '<html>Maintenance</html>', 'unrecognised'],
    [200, 'OK, but not really', 'unrecognised'],
    [409, 'Conflict', 'already-recorded'],
    [200, 'Merchant Reference Must be Unique', 'already-recorded'],
    [400, 'merchant reference must be unique', 'already-recorded'],
    [400, 'Goal ID is missing', 'rejected'],
    [401, 'API key is invalid', 'rejected'],
    [404, 'Not Found', 'rejected'],
    [408, '', 'retryable'],
    [429, '', 'retryable'],
    [500, '', 'retryable'],
    [503, 'Service Unavailable', 'retryable'],
  ] as const)('HTTP %i %j is %s', (status, text, expected) => {
    expect(readGoalAnswer({ status, text })).toBe(expected);
  });

  it.each(AFLITE_ERROR_TEXTS.filter((t) => !/unique/i.test(t)))(
    'reads the error report text %j as a rejection even with a 200',
    (text) => {
      expect(readGoalAnswer({ status: 200, text })).toBe('rejected');
    },
  );
});

describe('afliteHttpError', () => {
  it('redacts the answer before putting it in the error', () => {
    const result = { status: 400, text: 'bad apikey=k3y', headers: new Headers(), body: '', durationMs: 1 };
    const error = afliteHttpError('data/register/goal', result, (t) => t.replace('k3y', '[REDACTED]'));
    expect(error.status).toBe(400);
    expect(error.body).toBe('bad apikey=[REDACTED]');
    expect(error.message).toBe('Aflite data/register/goal answered 400: bad apikey=[REDACTED]');
  });
});
