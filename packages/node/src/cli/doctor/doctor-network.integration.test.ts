import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FakeAfliteServer, renderGoalFeed, startFakeAflite } from '@affiliate-relay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  doctorEnv,
  doctorReport,
  type RunningServer,
  startDateServer,
} from '../../../test/fixtures/doctor-shop';
import { runDoctor } from './doctor';

/*
 * What the doctor asks of the networks: the clock against each one's `Date` (servers on 127.0.0.1 whose
 * clocks are right or 10 minutes off), and `--send-test` against the testkit's fake Aflite (one
 * traceOnly=1 goal and a lookup of it), with AvantLink's test-link steps printed.
 */

let aflite: FakeAfliteServer;
const servers: RunningServer[] = [];

beforeAll(async () => {
  aflite = await startFakeAflite({ apiKey: 'k-1', merchantId: 'shop-42' });
});
afterEach(async () => {
  aflite.reset();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => aflite.close());

async function dateServer(offsetMs: number): Promise<RunningServer> {
  const server = await startDateServer(() => new Date(Date.now() + offsetMs));
  servers.push(server);
  return server;
}

describe('doctor: clock skew against each network', () => {
  it('warns when a network is 10 minutes off, with the NTP fix; passes the one in time', async () => {
    const skewed = await dateServer(-10 * 60_000);
    const { code, check } = await doctorReport([], doctorEnv({ avantlink: skewed.url, aflite: aflite.url }));
    expect(check('clock.avantlink')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/^this clock is (59\d|60\d) s ahead of AvantLink's/),
      fix: expect.stringContaining('NTP'),
    });
    expect(check('clock.aflite')).toMatchObject({ status: 'pass' });
    expect(code).toBe(0);
  });

  it('a clock behind the network is said so too', async () => {
    const ahead = await dateServer(5 * 60_000);
    const { check } = await doctorReport([], doctorEnv({ avantlink: ahead.url, aflite: aflite.url }));
    expect(check('clock.avantlink').detail).toMatch(/behind AvantLink's/);
  });

  it('warns when a network cannot be reached', async () => {
    const { check } = await doctorReport(
      [],
      doctorEnv({ avantlink: 'http://127.0.0.1:9', aflite: aflite.url }),
    );
    expect(check('clock.avantlink')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('could not be reached'),
    });
  });
});

describe('doctor --send-test', () => {
  it('sends one Aflite traceOnly=1 goal and looks it up (nothing recorded); prints the AvantLink test-link steps', async () => {
    const clock = await dateServer(0);
    const env = doctorEnv({ avantlink: clock.url, aflite: aflite.url });
    const { code, report, check } = await doctorReport(['--send-test'], env);
    expect(check('send-test.aflite')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('recorded nothing'),
    });
    expect(check('send-test.avantlink').status).toBe('pass');
    expect(aflite.traces).toHaveLength(1);
    expect(aflite.traces[0]?.params).toMatchObject({ traceOnly: '1', mid: 'shop-42', goalid: '3' });
    expect(aflite.goals).toEqual([]);
    const lookups = aflite.requests.filter((request) => request.path === '/data/goals');
    expect(lookups).toHaveLength(1);
    expect(report.steps).toEqual([
      { network: 'AvantLink', steps: expect.arrayContaining([expect.stringContaining('affiliate 101')]) },
    ]);
    expect(code).toBe(0);

    let text = '';
    const io = {
      out: (chunk: string) => {
        text += chunk;
      },
      err: () => undefined,
      env,
    };
    await runDoctor(['--send-test'], io);
    expect(text).toContain('AvantLink test link, by hand:\n  1. ');
    expect(text).toContain('Place an order within 10 minutes');
  });

  it('an Aflite key for another merchant: the goal is refused, fails with the fix', async () => {
    const clock = await dateServer(0);
    const env = {
      ...doctorEnv({ avantlink: clock.url, aflite: aflite.url }),
      AFLITE_MERCHANT_ID: 'another-shop',
    };
    const { code, check } = await doctorReport(['--send-test'], env);
    expect(check('send-test.aflite')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Merchant ID does not match the API key'),
      fix: expect.stringContaining('from the same Aflite account'),
    });
    expect(aflite.goals).toEqual([]);
    expect(code).toBe(1);
  });

  it('an Aflite that records the goal despite traceOnly=1: fails, says to decline it', async () => {
    // A stand-in Aflite that ignores traceOnly: records every goal, and its feed lists it.
    const recorded: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => {
        const params = new URLSearchParams(body || (req.url ?? '').split('?')[1]);
        const mref = params.get('mref') ?? '';
        if (req.url?.startsWith('/data/register/goal')) {
          recorded.push(mref);
          res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
          return;
        }
        const goals = recorded
          .filter((each) => each === mref)
          .map((each) => ({
            mid: 'shop-42',
            clickSessionID: 'x',
            goalid: '3',
            mref: each,
            value: '1',
            at: Date.now(),
          }));
        res.writeHead(200, { 'content-type': 'application/xml' }).end(renderGoalFeed(goals));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const env = doctorEnv({ avantlink: url, aflite: url });
      const { check } = await doctorReport(['--send-test'], env);
      expect(check('send-test.aflite')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining('Aflite ignored traceOnly=1'),
        fix: expect.stringContaining('Decline goal'),
      });
      expect(recorded).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
