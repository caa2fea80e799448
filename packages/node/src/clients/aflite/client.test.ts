import { ConfigError, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { AFLITE_GOALS_URL, AFLITE_REGISTER_URL } from '../../../../../tooling/spec-examples';
import { API_KEY, client, GOAL, MID, useFakeAflite, WIRE } from '../../../test/fixtures/aflite-client';
import { AfliteClient } from './client';
import type { AfliteClientOptions } from './types';

const aflite = useFakeAflite();

describe('AfliteClient construction', () => {
  it.each([
    [{ apiKey: '' }],
    [{ apiKey: '   ' }],
    [{ merchantId: '' }],
    [{ method: 'PUT' }],
    [{ baseUrl: 'aflite.co.uk' }],
  ])('rejects %j with a ConfigError', (options) => {
    expect(
      () => new AfliteClient({ apiKey: API_KEY, merchantId: MID, ...options } as AfliteClientOptions),
    ).toThrow(ConfigError);
  });

  it('defaults to POST and the documented http URL', () => {
    const c = new AfliteClient({ apiKey: API_KEY, merchantId: MID });
    expect(c.method).toBe('POST');
    expect(c.baseUrl).toBe('http://aflite.co.uk');
  });

  it('keeps the API key out of its enumerable state', () => {
    const c = new AfliteClient({ apiKey: API_KEY, merchantId: MID });
    expect(JSON.stringify(c)).not.toContain(API_KEY);
    expect(Object.values(c)).not.toContain(API_KEY);
  });
});

describe('AfliteClient wire format (aflite-advanced-tracking-api.txt)', () => {
  it('POSTs every documented variable as a form body to data/register/goal', async () => {
    expect(await client().client.registerGoal(GOAL)).toEqual({ outcome: 'recorded', attempts: 1 });
    const [request] = aflite.requests;
    expect(request?.method).toBe('POST');
    expect(`http://aflite.co.uk${request?.path}`).toBe(AFLITE_REGISTER_URL);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['user-agent']).toMatch(/^affiliate-relay-node\/\d/);
    expect(request?.query).toEqual({});
    expect(request?.body).toEqual(WIRE);
    expect(request?.rawBody).toBe(new URLSearchParams(WIRE).toString());
    expect(aflite.goals).toEqual([
      {
        mid: MID,
        clickSessionID: 'abc123',
        goalid: '7',
        mref: 'order-1',
        value: '10.99',
        at: expect.any(Number),
      },
    ]);
  });

  it('sends the same variables in the query string with GET', async () => {
    await client({ method: 'GET' }).client.registerGoal(GOAL);
    const [request] = aflite.requests;
    expect(request?.method).toBe('GET');
    expect(request?.query).toEqual(WIRE);
    expect(request?.rawBody).toBe('');
    expect(aflite.goals).toHaveLength(1);
  });

  it('sends value as a plain decimal string', async () => {
    await client().client.registerGoal({ ...GOAL, merchantRef: 'a', value: 1000 });
    await client().client.registerGoal({ ...GOAL, merchantRef: 'b', value: '9.15' });
    expect(aflite.goals.map((g) => g.value)).toEqual(['1000.00', '9.15']);
  });

  it('sends traceOnly=1 in test mode: Aflite records nothing and writes a trace', async () => {
    expect(await client().client.registerGoal({ ...GOAL, traceOnly: true })).toMatchObject({
      outcome: 'recorded',
    });
    expect(aflite.requests[0]?.body).toMatchObject({ traceOnly: '1' });
    expect(aflite.goals).toEqual([]);
    expect(aflite.traces).toEqual([
      { params: { ...WIRE, apikey: undefined, traceOnly: '1' }, errors: [], at: expect.any(Number) },
    ]);
  });

  it('checks the goal before sending, with Aflite’s error texts', async () => {
    const error = await client()
      .client.registerGoal({ ...GOAL, value: '£9.15' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ path: 'value', message: 'Value is not a number' }]);
    expect(aflite.requests).toHaveLength(0);
  });

  it('findGoal POSTs apikey and mref to data/goals and reads the feed', async () => {
    await client().client.registerGoal(GOAL);
    const found = await client().client.findGoal('order-1');
    expect(found).toMatchObject({
      merchantRef: 'order-1',
      goalId: '7',
      value: '10.99',
      clickSessionId: 'abc123',
    });
    const request = aflite.requests[1];
    expect(`http://aflite.co.uk${request?.path}`).toBe(AFLITE_GOALS_URL);
    expect(request?.method).toBe('POST');
    expect(request?.body).toEqual({ apikey: API_KEY, mref: 'order-1' });
    expect(await client().client.findGoal('order-2')).toBeUndefined();
  });

  it('findGoal can use GET', async () => {
    await client({ method: 'GET' }).client.findGoal('order-1');
    expect(aflite.requests[0]).toMatchObject({ method: 'GET', query: { apikey: API_KEY, mref: 'order-1' } });
  });

  it('findGoal throws an HttpError on a rejection', async () => {
    await expect(client({ apiKey: 'wrong' }).client.findGoal('order-1')).rejects.toMatchObject({
      name: 'HttpError',
      status: 401,
    });
  });
});
