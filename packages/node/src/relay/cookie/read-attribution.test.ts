import { clickHash, encodeTouches, ValidationError } from '@affiliate-relay/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  afliteTouch,
  avantlinkTouch,
  parseSetCookie,
  SECRET,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { loadSchemas } from '../../lazy-schemas';
import { createSigner } from './cookie-signer';
import {
  cookieHeaderOf,
  parseSavedAttribution,
  readAttribution,
  readAttributionFrom,
} from './read-attribution';
import { createServerCookie } from './server-cookie';

// These builders are synchronous: the async entry points load the schemas before calling them.
beforeAll(async () => {
  await loadSchemas();
});

const serverCookie = createServerCookie(createSigner(SECRET), {
  maxAgeSeconds: 60,
  httpOnly: true,
  secure: true,
  sameSite: 'Lax',
});
const capturedAt = 1_760_000_000_000;
const avantlink = { network: 'avantlink' as const, clickId: '77_f3afbe121', capturedAt };
const aflite = { network: 'aflite' as const, clickId: 'abc123', capturedAt };

async function serverValue(touches = [avantlink]) {
  return parseSetCookie(await serverCookie.serialize({ visitorId: VISITOR_ID, touches })).value;
}

describe('readAttribution', () => {
  it('reads the signed server cookie, which wins over the browser cookie', async () => {
    const attribution = await readAttribution(
      { ar_attr: await serverValue(), ar_touches: encodeTouches([aflite]), ar_vid: 'vis_browser1' },
      serverCookie,
    );
    expect(attribution).toEqual({
      visitorId: VISITOR_ID,
      touches: [avantlink],
      source: 'server-cookie',
      seen: [],
    });
  });

  it('falls back to the browser cookies when the server cookie is absent', async () => {
    const attribution = await readAttribution(
      { ar_touches: encodeTouches([aflite]), ar_vid: 'vis_browser1' },
      serverCookie,
    );
    expect(attribution).toEqual({
      visitorId: 'vis_browser1',
      touches: [aflite],
      source: 'browser-cookie',
      seen: [],
    });
  });

  it('falls back to the browser cookies when the server cookie fails its signature', async () => {
    const forged = (await serverValue()).replace('77_f3afbe121', '77_forged0001');
    const attribution = await readAttribution(
      { ar_attr: forged, ar_touches: encodeTouches([aflite]) },
      serverCookie,
    );
    expect(attribution).toEqual({ touches: [aflite], source: 'browser-cookie', seen: [] });
  });

  it('says none when no cookie holds a touch, and drops a malformed visitor id', async () => {
    expect(await readAttribution({ ar_vid: 'bad id!' }, serverCookie)).toEqual({
      touches: [],
      source: 'none',
      seen: [],
    });
    expect(await readAttribution({ ar_vid: 'vis_ok_123' }, serverCookie)).toEqual({
      visitorId: 'vis_ok_123',
      touches: [],
      source: 'none',
      seen: [],
    });
  });
});

describe('readAttributionFrom and cookieHeaderOf', () => {
  it('reads a Web Request, a Node request, and a bare Cookie header alike', async () => {
    const header = `ar_attr=${await serverValue()}`;
    const web = new Request('http://shop.test/', { headers: { cookie: header } });
    const node = { headers: { cookie: header } };
    for (const source of [web, node, header]) {
      expect((await readAttributionFrom(source, serverCookie)).touches).toEqual([avantlink]);
    }
  });

  it('keeps the clicks seen before for the collect endpoint, and out of the attribution a shop saves', async () => {
    const seen = [clickHash({ network: 'avantlink', clickId: 'older_1' })];
    const value = parseSetCookie(
      await serverCookie.serialize({ visitorId: VISITOR_ID, touches: [avantlink], seen }),
    ).value;
    expect((await readAttribution({ ar_attr: value }, serverCookie)).seen).toEqual(seen);
    expect(await readAttributionFrom(`ar_attr=${value}`, serverCookie)).toEqual({
      visitorId: VISITOR_ID,
      touches: [avantlink],
      source: 'server-cookie',
    });
  });

  it('still reads a server cookie of version 1 (written before the seen clicks)', async () => {
    const signer = createSigner(SECRET);
    const payload = `${VISITOR_ID}|1|a:77_f3afbe121:${capturedAt.toString(36)}`;
    const value = `${payload}.${await signer.sign(`ar_attr=${payload}`)}`;
    expect(await readAttributionFrom(`ar_attr=${value}`, serverCookie)).toEqual({
      visitorId: VISITOR_ID,
      touches: [avantlink],
      source: 'server-cookie',
    });
  });

  it('joins a Cookie header given as an array, and gives nothing for nothing', () => {
    expect(cookieHeaderOf({ headers: { cookie: ['a=1', 'b=2'] } })).toBe('a=1; b=2');
    expect(cookieHeaderOf(undefined)).toBeUndefined();
    expect(cookieHeaderOf(null)).toBeUndefined();
    expect(cookieHeaderOf({ headers: {} })).toBeUndefined();
  });
});

describe('parseSavedAttribution', () => {
  it('accepts the JSON of an attribution (a cart saved it) and the object itself', () => {
    const saved = {
      visitorId: VISITOR_ID,
      touches: [avantlinkTouch({ capturedAt })],
      source: 'server-cookie',
    };
    expect(parseSavedAttribution(JSON.stringify(saved))).toEqual(saved);
    expect(parseSavedAttribution(saved)).toEqual(saved);
  });

  it('throws a ValidationError naming the bad fields', () => {
    const bad = { visitorId: 'x', touches: [afliteTouch({ clickId: '' })] };
    expect(() => parseSavedAttribution(bad)).toThrow(ValidationError);
    try {
      parseSavedAttribution(bad);
    } catch (error) {
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([
        'visitorId',
        'touches.0.clickId',
      ]);
    }
  });

  it('keeps where consent came from, and refuses a consent record that is not one', () => {
    const saved = {
      visitorId: VISITOR_ID,
      touches: [avantlinkTouch({ capturedAt })],
      source: 'server-cookie',
      consent: { source: 'tcf', at: capturedAt },
    };
    expect(parseSavedAttribution(JSON.stringify(saved))).toEqual(saved);
    expect(() => parseSavedAttribution({ ...saved, consent: { source: 'TCF!', at: -1 } })).toThrow(
      ValidationError,
    );
  });

  it('throws a ValidationError for text that is not JSON', () => {
    expect(() => parseSavedAttribution('{not json')).toThrow(ValidationError);
  });
});
