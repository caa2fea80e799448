import { describe, expect, it } from 'vitest';
import { AFLITE_HELP_TEXT } from './aflite-feed';
import { createFakeAflite } from './aflite-model';
import type { FakeRequest } from './types';

const GOAL = {
  apikey: 'test-api-key',
  mid: 'test-merchant',
  clickSessionID: 'abc123',
  goalid: '1',
  mref: 'ORD-1',
  value: '10.99',
};
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function post(path: string, params: Record<string, string>, query: Record<string, string> = {}): FakeRequest {
  return { method: 'POST', path, query, headers: FORM, rawBody: new URLSearchParams(params).toString() };
}
function get(path: string, params: Record<string, string>): FakeRequest {
  return { method: 'GET', path, query: params, headers: {}, rawBody: '' };
}
const REGISTER = '/data/register/goal';

describe('fake Aflite register/goal (aflite-advanced-tracking-api.txt)', () => {
  it.each([
    ['POST', post],
    ['GET', get],
  ] as const)('records a goal sent by %s and answers 200 OK', (_method, send) => {
    const aflite = createFakeAflite();
    expect(aflite.handle(send(REGISTER, GOAL))).toMatchObject({ status: 200, body: 'OK' });
    expect(aflite.goals).toEqual([
      {
        mid: 'test-merchant',
        clickSessionID: 'abc123',
        goalid: '1',
        mref: 'ORD-1',
        value: '10.99',
        at: expect.any(Number),
      },
    ]);
  });

  it('takes POST variables from the form, and from the query too', () => {
    const aflite = createFakeAflite();
    const { value, ...rest } = GOAL;
    expect(aflite.handle(post(REGISTER, rest, { value })).status).toBe(200);
    expect(aflite.goals[0]?.value).toBe('10.99');
  });

  it.each([
    ['goalid', 'Goal ID is missing'],
    ['value', 'Value is missing'],
    ['mref', 'Merchant Reference is Missing'],
    ['clickSessionID', 'Click Session ID is missing'],
  ])('answers 400 when %s is missing, with Aflite’s text, and puts the goal in error', (field, text) => {
    const aflite = createFakeAflite();
    const params: Record<string, string> = { ...GOAL };
    delete params[field];
    expect(aflite.handle(post(REGISTER, params))).toMatchObject({ status: 400, body: text });
    expect(aflite.goals).toEqual([]);
    expect(aflite.errors).toEqual([
      {
        params: expect.not.objectContaining({ apikey: expect.anything() }),
        errors: [text],
        at: expect.any(Number),
      },
    ]);
  });

  it.each(['£9.15', '1,000', 'ten', '-5'])('answers "Value is not a number" for %j', (value) => {
    const aflite = createFakeAflite();
    expect(aflite.handle(post(REGISTER, { ...GOAL, value }))).toMatchObject({
      status: 400,
      body: 'Value is not a number',
    });
  });

  it.each(['9.15', '5'])('accepts the value %j (NETWORKS.md)', (value) => {
    expect(createFakeAflite().handle(post(REGISTER, { ...GOAL, value })).status).toBe(200);
  });

  it('answers 409 "Merchant Reference Must be Unique" for a reused mref and puts it in error', () => {
    const aflite = createFakeAflite();
    aflite.handle(post(REGISTER, GOAL));
    expect(aflite.handle(post(REGISTER, { ...GOAL, value: '5' }))).toMatchObject({
      status: 409,
      body: 'Merchant Reference Must be Unique',
    });
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.errors.map((e) => e.errors)).toEqual([['Merchant Reference Must be Unique']]);
  });

  it('records nothing with traceOnly=1 and writes the trace, errors included', () => {
    const aflite = createFakeAflite();
    expect(aflite.handle(post(REGISTER, { ...GOAL, traceOnly: '1' }))).toMatchObject({
      status: 200,
      body: 'TRACE OK',
    });
    expect(aflite.handle(post(REGISTER, { ...GOAL, value: 'x', traceOnly: '1' })).status).toBe(400);
    expect(aflite.goals).toEqual([]);
    expect(aflite.errors).toEqual([]);
    expect(aflite.traces.map((t) => t.errors)).toEqual([[], ['Value is not a number']]);
    expect(aflite.traces[0]?.params).not.toHaveProperty('apikey');
    expect(aflite.handle(post(REGISTER, { ...GOAL, traceOnly: '0' })).status).toBe(200);
    expect(aflite.goals).toHaveLength(1);
  });

  it('answers help=1 with the help text', () => {
    expect(createFakeAflite().handle(get(REGISTER, { help: '1' }))).toMatchObject({
      status: 200,
      body: AFLITE_HELP_TEXT,
    });
  });

  it('checks the API key and merchant id without echoing the key', () => {
    const aflite = createFakeAflite({ apiKey: 'right', merchantId: 'm1' });
    const { apikey: _k, ...noKey } = GOAL;
    expect(aflite.handle(post(REGISTER, noKey))).toMatchObject({ status: 400, body: 'API key is missing' });
    const wrong = aflite.handle(post(REGISTER, { ...GOAL, apikey: 'guess-123' }));
    expect(wrong).toMatchObject({ status: 401, body: 'API key is invalid' });
    expect(aflite.handle(post(REGISTER, { ...GOAL, apikey: 'right', mid: '' }))).toMatchObject({
      status: 400,
      body: 'Merchant ID is missing',
    });
    expect(aflite.handle(post(REGISTER, { ...GOAL, apikey: 'right' })).status).toBe(401);
    expect(aflite.handle(post(REGISTER, { ...GOAL, apikey: 'right', mid: 'm1' })).status).toBe(200);
  });

  it('answers 404 elsewhere and 405 for other methods', () => {
    const aflite = createFakeAflite();
    expect(aflite.handle(get('/data/other', GOAL)).status).toBe(404);
    expect(aflite.handle({ ...get(REGISTER, GOAL), method: 'PUT' }).status).toBe(405);
  });
});

describe('fake Aflite goal retrieval feed (data/goals)', () => {
  it.each([
    ['POST', post],
    ['GET', get],
  ] as const)('answers the goal as XML by %s, and an empty feed for an unknown mref', (_m, send) => {
    const aflite = createFakeAflite();
    aflite.handle(post(REGISTER, { ...GOAL, mref: 'A&<1>' }));
    const found = aflite.handle(send('/data/goals', { apikey: 'test-api-key', mref: 'A&<1>' }));
    expect(found.status).toBe(200);
    expect(found.headers['content-type']).toMatch(/^application\/xml/);
    expect(found.body).toMatch(
      /<goals>\n {2}<goal><mref>A&#38;&#60;1&#62;<\/mref><goalid>1<\/goalid><value>10.99<\/value><clickSessionID>abc123<\/clickSessionID><mid>test-merchant<\/mid><date>[^<]+<\/date><\/goal>\n<\/goals>/,
    );
    const none = aflite.handle(send('/data/goals', { apikey: 'test-api-key', mref: 'other' }));
    expect(none.body).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<goals>\n</goals>\n');
  });

  it('does not list goals put in error or traces', () => {
    const aflite = createFakeAflite();
    aflite.handle(post(REGISTER, { ...GOAL, traceOnly: '1' }));
    expect(aflite.handle(get('/data/goals', { apikey: 'test-api-key', mref: 'ORD-1' })).body).not.toContain(
      '<goal>',
    );
  });

  it('needs the API key and an mref', () => {
    const aflite = createFakeAflite();
    expect(aflite.handle(get('/data/goals', { mref: 'x' })).status).toBe(400);
    expect(aflite.handle(get('/data/goals', { apikey: 'bad', mref: 'x' })).status).toBe(401);
    expect(aflite.handle(get('/data/goals', { apikey: 'test-api-key' }))).toMatchObject({
      status: 400,
      body: 'Merchant Reference is Missing',
    });
  });
});

describe('fake Aflite faults', () => {
  it('a delay records the goal first; a status or a drop records nothing', () => {
    const aflite = createFakeAflite();
    aflite.injectFault({ type: 'status', status: 503, retryAfterSeconds: 1 });
    aflite.injectFault({ type: 'drop' });
    aflite.injectFault({ type: 'delay', ms: 100 });
    expect(aflite.handle(post(REGISTER, GOAL))).toMatchObject({
      status: 503,
      body: 'Injected fault: HTTP 503',
    });
    expect(aflite.handle(post(REGISTER, GOAL)).drop).toBe(true);
    expect(aflite.goals).toEqual([]);
    expect(aflite.handle(post(REGISTER, GOAL))).toMatchObject({ status: 200, delayMs: 100 });
    expect(aflite.goals).toHaveLength(1);
  });
});
