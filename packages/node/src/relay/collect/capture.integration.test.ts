import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  parseSetCookie,
  SECRET,
} from '../../../test/fixtures/relay';
import { createRelay, type Relay } from '../create-relay';
import type { CaptureResult } from './capture';

/*
 * captureFromRequest takes Node's IncomingMessage as attributionFrom and recordConversion do: a real
 * node:http server (what Express and Fastify's request.raw are), and the fake AvantLink on loopback.
 */

let avantlink: FakeAvantLinkServer;
let relay: Relay;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET },
  });
});

afterAll(async () => {
  await relay.close();
  await avantlink.close();
});

describe('captureFromRequest with an IncomingMessage', () => {
  it('captures the landing’s click, reports it, and leaves the request’s body to the shop', async () => {
    let captured: CaptureResult | undefined;
    let bodyLeft = '';
    const server = await listen(async (req, res) => {
      captured = await relay.captureFromRequest(req);
      for await (const chunk of req) bodyLeft += chunk;
      const attribution = await relay.attributionFrom(req);
      res.setHeader('Set-Cookie', captured.setCookie);
      res.end(JSON.stringify(attribution));
    });
    try {
      const response = await fetch(`${server.url}/products/tent?avad=77_f3afbe121`, {
        method: 'POST',
        headers: { 'user-agent': BROWSER_UA, referer: 'https://blog.example/' },
        body: 'the shop’s own form',
      });
      expect(response.status).toBe(200);
      expect(parseSetCookie(response.headers.getSetCookie()[0]!).name).toBe('ar_attr');
    } finally {
      await server.close();
    }
    expect(bodyLeft).toBe('the shop’s own form');
    expect(captured?.added.map((touch) => [touch.network, touch.clickId])).toEqual([
      ['avantlink', '77_f3afbe121'],
    ]);
    await relay.flush();
    expect(avantlink.clicks).toEqual([
      expect.objectContaining({
        user_agent: BROWSER_UA,
        current_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/products\/tent\?avad=77_f3afbe121$/),
        referrer_url: 'https://blog.example/',
      }),
    ]);
  });
});
