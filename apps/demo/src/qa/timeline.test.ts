import type { RecordedRequest } from '@affiliate-relay/testkit';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from './activity-log';
import { buildTimeline } from './timeline';

function recorded(overrides: Partial<RecordedRequest>): RecordedRequest {
  return {
    id: 1,
    at: 1_000,
    method: 'POST',
    path: '/data/register/goal',
    query: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: {},
    rawBody: '',
    status: 200,
    response: 'OK',
    ...overrides,
  };
}

const goal = recorded({
  body: { apikey: 'k-1', mid: 'm', clickSessionID: 'abc', goalid: '1', mref: 'TH-1', value: '9.15' },
  rawBody: 'apikey=k-1&mid=m',
});

describe('buildTimeline', () => {
  it('merges every source in time order', () => {
    const activity: ActivityEntry[] = [
      {
        kind: 'beacon',
        at: 500,
        status: 204,
        body: { touches: [{ network: 'aflite', clickId: 'abc' }] },
        response: undefined,
      },
      {
        kind: 'relay',
        at: 1_500,
        event: { type: 'conversion', orderId: 'TH-1', reason: 'selected', results: { aflite: 'sent' } },
      },
    ];
    const items = buildTimeline([{ network: 'aflite', request: goal }], activity, new Set());
    expect(items.map((item) => [item.source, item.title])).toEqual([
      ['browser', 'Beacon from the browser'],
      ['aflite', 'Aflite goal'],
      ['relay', 'Conversion TH-1'],
    ]);
    expect(items[0]!.summary).toBe('Touches Aflite abc kept in the server cookie.');
    expect(items[1]!.summary).toBe('Goal 1 for order TH-1: value 9.15, click abc.');
    expect(items[2]!.summary).toBe('Last click chosen → Aflite sent');
  });

  it("shows the relay's misconfiguration warnings as warnings", () => {
    const activity: ActivityEntry[] = [
      {
        kind: 'relay',
        at: 1,
        event: { type: 'warning', code: 'browser-cookie-only', message: 'Is the collect endpoint mounted?' },
      },
    ];
    const [item] = buildTimeline([], activity, new Set());
    expect(item).toMatchObject({
      source: 'relay',
      title: 'Warning: browser-cookie-only',
      summary: 'Is the collect endpoint mounted?',
      tone: 'warn',
    });
  });

  it('shows what a fake received without the API key', () => {
    const [item] = buildTimeline([{ network: 'aflite', request: goal }], [], new Set());
    expect(JSON.stringify(item)).not.toContain('k-1');
    expect(item!.received).toMatchObject({ apikey: '•••••• (hidden)', mid: 'm' });
  });

  it('marks injected faults and refusals as errors', () => {
    const items = buildTimeline(
      [
        {
          network: 'avantlink',
          request: recorded({ id: 1, path: '/merchants/x/tracking/order', status: 503, fault: 'status' }),
        },
        {
          network: 'avantlink',
          request: recorded({
            id: 2,
            path: '/merchants/x/tracking/order',
            status: 0,
            fault: 'drop',
            response: undefined,
          }),
        },
        {
          network: 'aflite',
          request: recorded({ id: 3, status: 409, response: 'Merchant Reference Must be Unique' }),
        },
      ],
      [],
      new Set(),
    );
    expect(items.map((item) => [item.tone, item.summary])).toEqual([
      ['error', 'Injected fault: answered 503.'],
      ['error', 'Injected fault: the connection was dropped without an answer.'],
      ['error', 'Refused with 409: Merchant Reference Must be Unique'],
    ]);
  });

  it("shows the relay's own request/response events only for a real network", () => {
    const request: ActivityEntry = {
      kind: 'relay',
      at: 1,
      event: {
        type: 'request',
        network: 'aflite',
        operation: 'register-goal',
        method: 'POST',
        url: 'http://aflite.co.uk/data/register/goal',
        attempt: 1,
      },
    };
    expect(buildTimeline([], [request], new Set())).toEqual([]);
    const [item] = buildTimeline([], [request], new Set(['aflite']));
    expect(item).toMatchObject({
      source: 'relay',
      title: 'Aflite goal sent',
      summary: 'POST http://aflite.co.uk/data/register/goal',
    });
  });
});
