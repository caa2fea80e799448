import { type FakeAvantLinkServer, startFakeAvantLink } from '@affiliate-relay/testkit';
import * as tcf from '@iabtechlabtcf/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROWSER_UA,
  FAST_RETRY,
  listen,
  MERCHANT_ID,
  SECRET,
  type TestServer,
} from '../../../test/fixtures/relay';
import type { CaptureResult } from '../collect/capture';
import { createRelay, type Relay } from '../create-relay';

/*
 * The README's IAB TCF recipe as a shop would paste it: `euconsent-v2` decoded by IAB's own
 * @iabtechlabtcf/core, on TC strings that library encodes, through a real node:http landing and the
 * fake AvantLink on loopback.
 */

// A minimal Global Vendor List, offline: enough for @iabtechlabtcf/core to encode a TC string.
const purpose = (id: number, name: string) => ({ id, name, description: name, illustrations: [] });
const vendorList = () =>
  new tcf.GVL({
    gvlSpecificationVersion: 3,
    vendorListVersion: 1,
    tcfPolicyVersion: 5,
    lastUpdated: '2026-12-01T00:00:00Z',
    purposes: { 1: purpose(1, 'Store and/or access information on a device'), 2: purpose(2, 'Basic ads') },
    specialPurposes: {},
    features: {},
    specialFeatures: {},
    stacks: {},
    dataCategories: {},
    vendors: {},
  } as unknown as ConstructorParameters<typeof tcf.GVL>[0]);

function tcString(purpose1: boolean): string {
  const model = new tcf.TCModel(vendorList());
  model.cmpId = 10;
  model.cmpVersion = 1;
  model.consentScreen = 1;
  if (purpose1) model.purposeConsents.set(1);
  model.purposeConsents.set(2);
  return tcf.TCString.encode(model);
}

let avantlink: FakeAvantLinkServer;
let relay: Relay;
let server: TestServer;
let captured: CaptureResult | undefined;

beforeAll(async () => {
  avantlink = await startFakeAvantLink({ merchantId: MERCHANT_ID });
  relay = createRelay({
    avantlink: { merchantId: MERCHANT_ID, baseUrl: avantlink.url, retry: FAST_RETRY },
    cookie: { secret: SECRET, secure: false },
    // As in packages/node/README.md, "Consent on the server".
    consent: {
      allows: ({ cookies }) => {
        const tcString = cookies['euconsent-v2'];
        if (!tcString) return undefined; // no choice stored yet: unknown
        try {
          return tcf.TCString.decode(tcString).purposeConsents.has(1);
        } catch {
          return undefined; // not a TC string: unknown, never a grant
        }
      },
    },
  });
  server = await listen(async (req, res) => {
    captured = await relay.captureFromRequest(req);
    res.setHeader('Set-Cookie', captured.setCookie);
    res.end('<h1>Tent</h1>');
  });
});

afterAll(async () => {
  await relay.close();
  await server.close();
  await avantlink.close();
});

async function land(clickId: string, cookie?: string) {
  const response = await fetch(`${server.url}/products/tent?avad=${clickId}`, {
    headers: { 'user-agent': BROWSER_UA, ...(cookie ? { cookie } : {}) },
  });
  await relay.flush();
  return { setCookie: response.headers.getSetCookie().length, refused: captured?.refused };
}

describe('the TCF euconsent-v2 recipe', () => {
  it('captures with purpose 1 consented, and only then calls AvantLink', async () => {
    expect(await land('11_denied', `euconsent-v2=${tcString(false)}`)).toEqual({
      setCookie: 0,
      refused: 'denied',
    });
    expect(await land('12_unknown')).toEqual({ setCookie: 0, refused: 'unknown' });
    expect(await land('13_garbage', 'euconsent-v2=not-a-tc-string')).toEqual({
      setCookie: 0,
      refused: 'unknown',
    });
    expect(avantlink.clicks).toEqual([]);
    expect(await land('14_granted', `euconsent-v2=${tcString(true)}`)).toEqual({
      setCookie: 2,
      refused: undefined,
    });
    expect(avantlink.clicks.map((click) => click.current_url)).toEqual([
      expect.stringMatching(/avad=14_granted$/),
    ]);
  });
});
