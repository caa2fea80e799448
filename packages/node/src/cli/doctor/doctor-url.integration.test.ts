import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  doctorEnv,
  doctorReport,
  type RunningServer,
  startCachingProxy,
  startShop,
} from '../../../test/fixtures/doctor-shop';

/*
 * `doctor --url` against real shops on 127.0.0.1: a real relay behind node:http, healthy or
 * misbehaving one way each, and a caching proxy in front of one. `--offline`: the networks are not
 * asked (the clock has its own test); nothing here reaches a network anyway (the synthetic beacon's
 * touch has no click call, the landings carry Sec-GPC: 1).
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function shop(faults: Parameters<typeof startShop>[0] = {}) {
  const started = await startShop(faults);
  servers.push(started);
  return started;
}

const env = doctorEnv({ avantlink: 'http://127.0.0.1:9', aflite: 'http://127.0.0.1:9' });
const doctor = (url: string, extra: string[] = []) =>
  doctorReport(['--offline', '--url', url, '--landing', '/products/tent', ...extra], env);

describe('doctor --url', () => {
  it('a healthy shop passes every check, and its relay recorded nothing and sent nothing', async () => {
    const healthy = await shop({ integrity: 'match' });
    const { code, report, check } = await doctor(healthy.url);
    expect(report.checks.filter((each) => each.status !== 'pass')).toEqual([]);
    expect(code).toBe(0);
    for (const id of [
      'collect.status',
      'collect.set-cookie',
      'cookie.httponly',
      'cookie.secure-attribute',
      'cookie.samesite',
      'cookie.max-age',
      'cookie.domain',
      'collect.cache-control',
      'collect.cache-hit',
      'landing.avantlink',
      'landing.aflite',
      'script.content-type',
      'script.sri',
    ]) {
      expect(check(id).status).toBe('pass');
    }
    expect(check('script.sri').detail).toContain('matches its sha384');
    expect(await healthy.relay.status()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('a cache in front that strips Set-Cookie and answers again from cache (Age, cf-cache-status): fails, with the bypass fix', async () => {
    const origin = await shop();
    const proxy = await startCachingProxy(origin.url);
    servers.push(proxy);
    const { code, check } = await doctor(proxy.url);
    expect(check('collect.status').status).toBe('pass');
    expect(check('collect.set-cookie')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('strips it'),
      fix: expect.stringContaining('Bypass every cache for POST /affiliate-relay/collect'),
    });
    expect(check('collect.cache-control')).toMatchObject({
      status: 'fail',
      detail: 'Cache-Control is "public, max-age=14400": the relay answers no-store, something rewrote it',
    });
    expect(check('collect.cache-hit')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/Age: \d+, cf-cache-status: HIT/),
      fix: expect.stringContaining('Cache Rule'),
    });
    expect(code).toBe(1);
  });

  it('a cache that keeps Set-Cookie but answers the second beacon from cache (x-vercel-cache, x-cache): the cache hit fails', async () => {
    const origin = await shop();
    const proxy = await startCachingProxy(origin.url, {
      stripSetCookie: false,
      cacheControl: 'no-store',
      hitHeaders: { 'x-vercel-cache': 'HIT', 'x-cache': 'Hit from cloudfront' },
    });
    servers.push(proxy);
    const { check } = await doctor(proxy.url);
    expect(check('collect.set-cookie').status).toBe('pass');
    expect(check('collect.cache-hit')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('x-vercel-cache: HIT, x-cache: Hit from cloudfront'),
    });
  });

  it('a CSRF middleware that answers 403: fails, with the exemption fix', async () => {
    const forbidding = await shop({ forbidPosts: true });
    const { code, check } = await doctor(forbidding.url);
    expect(check('collect.status')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('answered 403'),
      fix: expect.stringContaining('Exempt /affiliate-relay/collect from that middleware'),
    });
    expect(code).toBe(1);
  });

  it('a refusal from the relay itself (its JSON reason) is told apart from a middleware: cross_site behind a proxy', async () => {
    const healthy = await shop();
    // A proxy that rewrites Host to the backend's: the relay sees another origin than the Origin header.
    const proxy = createServer((req, res) => {
      const target = new URL(req.url ?? '/', healthy.url);
      const headers = { ...req.headers, host: 'internal.backend:8080' };
      req.pipe(
        request(target, { method: req.method, headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }),
      );
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    servers.push({
      url: '',
      close: () => {
        proxy.closeAllConnections();
        return new Promise((resolve) => proxy.close(() => resolve()));
      },
    });
    const { check } = await doctor(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
    expect(check('collect.status')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('the relay refused the beacon (cross_site:'),
      fix: expect.stringContaining('trustProxy'),
    });
  });

  it('a collect endpoint that is not mounted (404, --collect-path elsewhere): fails', async () => {
    const healthy = await shop();
    const { check } = await doctor(healthy.url, ['--collect-path', '/api/collect']);
    expect(check('collect.status')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Mount relay.collectListener()'),
    });
  });

  it('a redirect that drops the query (?avad=): fails; one that keeps it passes', async () => {
    const dropping = await shop({ redirectDroppingQuery: true });
    const dropped = await doctor(dropping.url);
    expect(dropped.check('landing.avantlink')).toMatchObject({
      status: 'fail',
      detail:
        '/products/tent?avad=affiliate-relay-doctor answered 301 to /products/tent/: the redirect drops ?avad, so the click is lost',
      fix: expect.stringContaining('Keep the query string across the redirect'),
    });
    expect(dropped.check('landing.aflite').status).toBe('fail');
    expect(dropped.code).toBe(1);

    const keeping = await shop({ redirectKeepingQuery: true });
    const kept = await doctor(keeping.url);
    expect(kept.check('landing.avantlink')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('after 1 redirect(s) that keep the query'),
    });
  });

  it('the script served with a wrong content type: fails', async () => {
    const wrong = await shop({ scriptType: 'text/plain' });
    const { code, check } = await doctor(wrong.url);
    expect(check('script.content-type')).toMatchObject({
      status: 'fail',
      detail: '/affiliate-relay.global.js is served as text/plain: with nosniff a browser refuses to run it',
      fix: 'Serve the script with Content-Type: text/javascript',
    });
    expect(code).toBe(1);
  });

  it('the script that does not match its SRI hash: fails, with the hash to use', async () => {
    const mismatched = await shop({ integrity: 'mismatch' });
    const { check } = await doctor(mismatched.url);
    expect(check('script.sri')).toMatchObject({
      status: 'fail',
      fix: expect.stringMatching(/^Update the tag's integrity to sha384-/),
    });
  });

  it('a cookie without Secure, and a Domain that misses the checkout host: fail', async () => {
    const insecure = await shop({
      relay: {
        cookie: {
          secret: 'q7Vd2mLx9RkT4bZp1sWc8nHy3fJg6aQe5uKo0iXv',
          secure: false,
          domain: 'other.example',
        },
      },
    });
    const { check } = await doctor(insecure.url, ['--checkout-url', 'https://checkout.shop.example']);
    expect(check('cookie.secure-attribute')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('cookie.secure'),
    });
    expect(check('cookie.domain')).toMatchObject({
      status: 'fail',
      detail: 'Domain=other.example does not reach 127.0.0.1, checkout.shop.example',
      fix: expect.stringContaining('cookie.domain'),
    });
  });

  it("a cookie whose Max-Age is not the config's window: fails", async () => {
    const longer = await shop({ relay: { attribution: { windows: { avantlink: 45, aflite: 45 } } } });
    const { check } = await doctor(longer.url);
    expect(check('cookie.max-age')).toMatchObject({
      status: 'fail',
      detail: 'Max-Age is 3888000, not 2592000 (the longest window of this config)',
    });
  });

  it('a shop that cannot be reached: fails, says why', async () => {
    const { code, check } = await doctor('http://127.0.0.1:9');
    expect(check('collect.status')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('could not be reached'),
    });
    expect(code).toBe(1);
  });
});
