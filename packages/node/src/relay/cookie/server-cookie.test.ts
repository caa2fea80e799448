import { ackValue, decodeTouchState, ValidationError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import {
  afliteTouch,
  avantlinkTouch,
  OLD_SECRET,
  parseSetCookie,
  SECRET,
  VISITOR_ID,
} from '../../../test/fixtures/relay';
import { createSigner } from './cookie-signer';
import { createServerCookie } from './server-cookie';

const attributes = { maxAgeSeconds: 2_592_000, httpOnly: true, secure: true, sameSite: 'Lax' as const };
const cookie = createServerCookie(createSigner(SECRET), attributes);
const capturedAt = 1_760_000_000_000;
const LANDING = avantlinkTouch().landingUrl;
const AFLITE_LANDING = afliteTouch().landingUrl;

async function cookieValue(touches = [avantlinkTouch({ capturedAt })]) {
  return parseSetCookie(await cookie.serialize({ visitorId: VISITOR_ID, touches })).value;
}

describe('createServerCookie', () => {
  it('writes <visitorId>|<encodeTouches>|<landing URLs>.<signature> and reads it back, referrers left out', async () => {
    const value = await cookieValue([
      avantlinkTouch({ capturedAt, gclid: 'g.1', referrer: 'https://blog.example/' }),
      afliteTouch({ capturedAt, landingUrl: undefined }),
    ]);
    expect(value).toMatch(
      /^vis_3f2c1a97\|2\|a:77_f3afbe121:[0-9a-z]+:g\.1\|f:abc123:[0-9a-z]+\|l:a:http%3A%2F%2Fshop\.test%2Fproducts%2Ftent%3Favad%3D77_f3afbe121\.[A-Za-z0-9_-]{43}$/,
    );
    expect(await cookie.read(value)).toEqual({
      visitorId: VISITOR_ID,
      touches: [
        {
          network: 'avantlink',
          clickId: '77_f3afbe121',
          capturedAt,
          gclid: 'g.1',
          landingUrl: 'http://shop.test/products/tent?avad=77_f3afbe121',
        },
        { network: 'aflite', clickId: 'abc123', capturedAt },
      ],
    });
  });

  it('keeps the user agent and well-formed landing URLs, and leaves out anything else', async () => {
    const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/17.5';
    const serialize = (value: Parameters<typeof cookie.serialize>[0]) =>
      cookie.serialize(value).then((header) => parseSetCookie(header).value);
    const good = await serialize({
      visitorId: VISITOR_ID,
      touches: [avantlinkTouch({ capturedAt })],
      userAgent: ua,
    });
    expect(await cookie.read(good)).toMatchObject({
      userAgent: ua,
      touches: [{ landingUrl: 'http://shop.test/products/tent?avad=77_f3afbe121' }],
    });
    const junk = await serialize({
      visitorId: VISITOR_ID,
      touches: [avantlinkTouch({ capturedAt, landingUrl: 'javascript:alert(1)' })],
      userAgent: 'evil\u0000agent',
    });
    const read = await cookie.read(junk);
    expect(read).not.toHaveProperty('userAgent');
    expect(read?.touches[0]).not.toHaveProperty('landingUrl');
  });

  it('splits the signature at the last dot, so ids with dots survive', async () => {
    const value = await cookieValue([avantlinkTouch({ clickId: 'a.b.c', capturedAt })]);
    expect((await cookie.read(value))?.touches[0]?.clickId).toBe('a.b.c');
  });

  it('ignores a cookie whose payload or signature was changed', async () => {
    const value = await cookieValue();
    expect(await cookie.read(value.replace('77_f3afbe121', '77_f3afbe122'))).toBeUndefined();
    expect(await cookie.read(value.replace(VISITOR_ID, 'vis_other00'))).toBeUndefined();
    // A character inside the signature (the last one carries two spare bits: see the next test).
    const at = value.length - 10;
    const flipped = value[at] === 'A' ? 'B' : 'A';
    expect(await cookie.read(`${value.slice(0, at)}${flipped}${value.slice(at + 1)}`)).toBeUndefined();
    expect(await cookie.read(value.slice(0, value.lastIndexOf('.')))).toBeUndefined();
  });

  it('accepts only the canonical spelling of the signature', async () => {
    const value = await cookieValue();
    const last = value.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The same 256-bit MAC with different spare bits: the three other characters of the same group of four.
    const base = alphabet.indexOf(last) & ~3;
    const variants = [0, 1, 2, 3].map((i) => alphabet[base + i]!).filter((c) => c !== last);
    expect(variants).toHaveLength(3);
    for (const variant of variants) {
      expect(await cookie.read(`${value.slice(0, -1)}${variant}`)).toBeUndefined();
    }
    expect(await cookie.read(value)).toBeDefined();
  });

  it('ignores garbage and absent values', async () => {
    for (const bad of [undefined, '', 'x', '.', 'a.b', 'x'.repeat(5000)]) {
      expect(await cookie.read(bad)).toBeUndefined();
    }
  });

  it('does not accept a value signed for another cookie name', async () => {
    const other = createServerCookie(createSigner(SECRET), attributes, 'other');
    const value = parseSetCookie(
      await other.serialize({ visitorId: VISITOR_ID, touches: [avantlinkTouch({ capturedAt })] }),
    ).value;
    expect(await cookie.read(value)).toBeUndefined();
  });

  it('reads a cookie signed with a previous secret after a rotation', async () => {
    const before = createServerCookie(createSigner(OLD_SECRET), attributes);
    const value = parseSetCookie(
      await before.serialize({ visitorId: VISITOR_ID, touches: [avantlinkTouch({ capturedAt })] }),
    ).value;
    const rotated = createServerCookie(createSigner([SECRET, OLD_SECRET]), attributes);
    expect((await rotated.read(value))?.visitorId).toBe(VISITOR_ID);
    expect(await cookie.read(value)).toBeUndefined();
  });

  it.each([
    ['x', 512],
    ['%', 170],
    ['é', 85],
    ['中', 56],
    ['😀', 42],
  ])(
    'keeps every touch core accepts within 4096 bytes: ids of %j up to 512 bytes encoded',
    async (unit, most) => {
      const id = unit.repeat(most);
      const touches = [
        avantlinkTouch({ clickId: id, capturedAt: capturedAt + 1000, gclid: id }),
        afliteTouch({ clickId: id, capturedAt }),
      ];
      const value = await cookieValue(touches);
      expect(`ar_attr=${value}`.length).toBeLessThanOrEqual(4096);
      expect(await cookie.read(value)).toEqual({
        visitorId: VISITOR_ID,
        touches: [
          {
            network: 'avantlink',
            clickId: id,
            capturedAt: capturedAt + 1000,
            gclid: id,
            landingUrl: LANDING,
          },
          { network: 'aflite', clickId: id, capturedAt, landingUrl: AFLITE_LANDING },
        ],
      });
    },
  );

  it('write() gives the signed cookie, its ar_ack and what it holds, as read() finds it, parts dropped to fit', async () => {
    // A user agent and landing URL that do not fit beside these ids are left out of the cookie, and of `held`.
    const id = 'x'.repeat(512);
    const value = {
      visitorId: VISITOR_ID,
      touches: [
        avantlinkTouch({ clickId: id, capturedAt: capturedAt + 1000, gclid: id }),
        afliteTouch({ clickId: id, capturedAt, landingUrl: `https://shop.test/${'p'.repeat(1000)}` }),
        avantlinkTouch({ clickId: 'older', capturedAt: capturedAt - 1 }),
      ],
      seen: ['a:77_f3afbe121'],
      userAgent: `Mozilla/5.0 ${'u'.repeat(390)}`,
    };
    const written = await cookie.write(value);
    expect(written.setCookie).toBe(await cookie.serialize(value));
    const read = await cookie.read(parseSetCookie(written.setCookie).value);
    expect(read).toBeDefined();
    expect(written.held).toEqual(read);
    expect(written.held.touches).not.toEqual(value.touches);
    expect(parseSetCookie(written.ack)).toMatchObject({
      name: 'ar_ack',
      value: ackValue(read!.touches),
    });
    expect(written.ack).not.toMatch(/HttpOnly/i);
  });

  it('reads a cookie as the release before named networks wrote it, byte for byte', async () => {
    const signer = createSigner(SECRET);
    const at = capturedAt.toString(36);
    const landing = encodeURIComponent(LANDING!);
    const payload = `${VISITOR_ID}|2|a:77_f3afbe121:${at}:g1|f:abc123:${at}|s:a1x9k2f|u:Mozilla%2F5.0|l:a:${landing}`;
    const value = `${payload}.${await signer.sign(`ar_attr=${payload}`)}`;
    expect(await cookie.read(value)).toEqual({
      visitorId: VISITOR_ID,
      touches: [
        { network: 'avantlink', clickId: '77_f3afbe121', capturedAt, gclid: 'g1', landingUrl: LANDING },
        { network: 'aflite', clickId: 'abc123', capturedAt },
      ],
      seen: ['a1x9k2f'],
      userAgent: 'Mozilla/5.0',
    });
  });

  it('writes a network that is not built in by its id, with its landing URL, and reads it back', async () => {
    const ledger = {
      network: 'ledger',
      clickId: 'L-77',
      capturedAt,
      landingUrl: `${LANDING}&ledger_click=L-77`,
    };
    const written = await cookie.write({
      visitorId: VISITOR_ID,
      touches: [ledger, avantlinkTouch({ capturedAt })],
    });
    const value = parseSetCookie(written.setCookie).value;
    expect(value).toContain(`|ledger:L-77:${capturedAt.toString(36)}`);
    expect(value).toContain(`|l:ledger:${encodeURIComponent(ledger.landingUrl)}`);
    expect((await cookie.read(value))?.touches).toEqual([avantlinkTouch({ capturedAt }), ledger]);
    expect(parseSetCookie(written.ack).value).toBe(ackValue([avantlinkTouch(), ledger]));
  });

  it('refuses to write a visitor id that is not cookie-safe', async () => {
    await expect(cookie.serialize({ visitorId: 'bad|id;x', touches: [] })).rejects.toThrow(ValidationError);
  });

  describe('the consent it remembers', () => {
    const signer = createSigner(SECRET);
    // A cookie as the release before this one wrote it (no consent part), signed as it signed it.
    async function oldCookie(): Promise<string> {
      const payload = `${VISITOR_ID}|2|a:77_f3afbe121:${capturedAt.toString(36)}|u:Mozilla%2F5.0`;
      return `${payload}.${await signer.sign(`ar_attr=${payload}`)}`;
    }

    it('keeps the source and time through a round trip, before the user agent', async () => {
      const consent = { source: 'tcf', at: 1_765_000_000_000 };
      const value = parseSetCookie(
        await cookie.serialize({ visitorId: VISITOR_ID, touches: [avantlinkTouch({ capturedAt })], consent }),
      ).value;
      expect(value).toContain(`|c:tcf:${consent.at.toString(36)}|l:a:`);
      expect((await cookie.read(value))?.consent).toEqual(consent);
      // What an older relay reads of it (core's decoder): the same touches, the consent part skipped.
      expect(decodeTouchState(value.slice(VISITOR_ID.length + 1, value.lastIndexOf('.'))).touches).toEqual([
        { network: 'avantlink', clickId: '77_f3afbe121', capturedAt },
      ]);
    });

    it('reads a cookie written before it was kept: the same visitor and touches, no consent', async () => {
      const read = await cookie.read(await oldCookie());
      expect(read).toEqual({
        visitorId: VISITOR_ID,
        touches: [{ network: 'avantlink', clickId: '77_f3afbe121', capturedAt }],
        userAgent: 'Mozilla/5.0',
      });
      expect(read).not.toHaveProperty('consent');
    });

    it('writes no consent part for a source that is not a short name, and reads none from a garbled one', async () => {
      const value = parseSetCookie(
        await cookie.serialize({
          visitorId: VISITOR_ID,
          touches: [avantlinkTouch({ capturedAt })],
          consent: { source: 'GCM|x', at: 5 },
        }),
      ).value;
      expect(value).not.toContain('|c:');
      const payload = `${VISITOR_ID}|2|a:77_f3afbe121:${capturedAt.toString(36)}|c:gcm:not-base36!`;
      const garbled = `${payload}.${await signer.sign(`ar_attr=${payload}`)}`;
      expect(await cookie.read(garbled)).toEqual({
        visitorId: VISITOR_ID,
        touches: [{ network: 'avantlink', clickId: '77_f3afbe121', capturedAt }],
      });
    });
  });
});
