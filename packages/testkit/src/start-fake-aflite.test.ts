import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAfliteServer, startFakeAflite } from './start-fake-aflite';

const GOAL = { apikey: 'k', mid: 'm', clickSessionID: 'abc123', goalid: '1', mref: 'ORD-1', value: '10.99' };

let aflite: FakeAfliteServer;
beforeAll(async () => {
  aflite = await startFakeAflite({ apiKey: 'k', merchantId: 'm' });
});
afterEach(() => aflite.reset());
afterAll(() => aflite.close());

describe('startFakeAflite', () => {
  it('defaults to test-api-key / test-merchant', async () => {
    const fake = await startFakeAflite();
    try {
      expect([fake.apiKey, fake.merchantId]).toEqual(['test-api-key', 'test-merchant']);
    } finally {
      await fake.close();
    }
  });

  it('records a goal sent as a POST form', async () => {
    const response = await fetch(`${aflite.url}/data/register/goal`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(GOAL),
    });
    expect([response.status, await response.text()]).toEqual([200, 'OK']);
    expect(aflite.goals).toHaveLength(1);
    expect(aflite.requests[0]?.body).toEqual(GOAL);
  });

  it('records a goal sent as a GET query, and the feed shows it', async () => {
    const response = await fetch(`${aflite.url}/data/register/goal?${new URLSearchParams(GOAL)}`);
    expect(response.status).toBe(200);
    const feed = await fetch(`${aflite.url}/data/goals?apikey=k&mref=ORD-1`);
    expect(feed.headers.get('content-type')).toMatch(/xml/);
    expect(await feed.text()).toContain('<mref>ORD-1</mref>');
  });

  it('answers a documented error over HTTP', async () => {
    const response = await fetch(
      `${aflite.url}/data/register/goal?${new URLSearchParams({ ...GOAL, value: '1,000' })}`,
    );
    expect([response.status, await response.text()]).toEqual([400, 'Value is not a number']);
    expect(aflite.errors).toHaveLength(1);
  });

  it('a delay records the goal, and a client that times out still left it recorded', async () => {
    aflite.injectFault({ type: 'delay', ms: 5_000 });
    // The client gives up once the fake has the request (a fixed 50 ms could pass before it arrived).
    const giveUp = new AbortController();
    const stop = aflite.onRequest(() => giveUp.abort());
    const attempt = fetch(`${aflite.url}/data/register/goal?${new URLSearchParams(GOAL)}`, {
      signal: giveUp.signal,
    });
    await expect(attempt).rejects.toThrow();
    stop();
    expect(aflite.goals.map((g) => g.mref)).toEqual(['ORD-1']);
  });
});
