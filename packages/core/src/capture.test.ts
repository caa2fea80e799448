import { describe, expect, it } from 'vitest';
import { captureTouches } from './capture';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe('captureTouches: AvantLink', () => {
  it('captures avad on a deep link exactly as the spec example gives it', () => {
    const touches = captureTouches('https://store.example.com/products/widget?avad=77_f3afbe121', {
      now: NOW,
    });
    expect(touches).toEqual([
      {
        network: 'avantlink',
        clickId: '77_f3afbe121',
        capturedAt: NOW,
        landingUrl: 'https://store.example.com/products/widget?avad=77_f3afbe121',
      },
    ]);
  });

  it('decodes an encoded value once, as URLSearchParams does', () => {
    const [touch] = captureTouches('https://shop.example/p?avad=77%2Bab%252Fc+d');
    // %2B → "+", %252F → "%2F" (not decoded twice), "+" → " " as in a form-encoded query.
    expect(touch?.clickId).toBe('77+ab%2Fc d');
  });

  it('never trims or re-cases the value', () => {
    const [touch] = captureTouches('https://shop.example/?avad=%20AbC_77%20');
    expect(touch?.clickId).toBe(' AbC_77 ');
  });

  it('keeps gclid beside an AvantLink touch', () => {
    const [touch] = captureTouches('https://shop.example/?gclid=Cj0KCQ&avad=77_x');
    expect(touch).toMatchObject({ network: 'avantlink', clickId: '77_x', gclid: 'Cj0KCQ' });
  });

  it('ignores gclid alone', () => {
    expect(captureTouches('https://shop.example/?gclid=Cj0KCQ')).toEqual([]);
  });

  it('ignores an empty avad', () => {
    expect(captureTouches('https://shop.example/?avad=')).toEqual([]);
    expect(captureTouches('https://shop.example/?avad')).toEqual([]);
  });

  it('matches parameter names case-sensitively', () => {
    expect(captureTouches('https://shop.example/?AVAD=77_x&Avad=77_y')).toEqual([]);
  });

  it('keeps the referrer it is given', () => {
    const [touch] = captureTouches('https://shop.example/?avad=77_x', {
      referrer: 'https://blog.example/post',
    });
    expect(touch?.referrer).toBe('https://blog.example/post');
  });

  it('reads a query inside the hash of a hash-routed app, the real query winning', () => {
    expect(captureTouches('https://shop.example/#/tent?avad=77_hash')[0]?.clickId).toBe('77_hash');
    expect(captureTouches('https://shop.example/?avad=77_query#/tent?avad=77_hash')[0]?.clickId).toBe(
      '77_query',
    );
  });
});

describe('captureTouches: Aflite', () => {
  it('captures clickSource=aflite with clickSessionID', () => {
    const touches = captureTouches('https://shop.example/?clickSource=aflite&clickSessionID=abc123', {
      now: NOW,
    });
    expect(touches).toEqual([
      {
        network: 'aflite',
        clickId: 'abc123',
        capturedAt: NOW,
        landingUrl: 'https://shop.example/?clickSource=aflite&clickSessionID=abc123',
      },
    ]);
  });

  it('compares the clickSource value without case', () => {
    expect(captureTouches('https://shop.example/?clickSource=AFLITE&clickSessionID=abc')[0]?.network).toBe(
      'aflite',
    );
    expect(captureTouches('https://shop.example/?clickSource=Aflite&clickSessionID=abc')).toHaveLength(1);
  });

  it('needs both parameters and the right source', () => {
    expect(captureTouches('https://shop.example/?clickSessionID=abc123')).toEqual([]);
    expect(captureTouches('https://shop.example/?clickSource=aflite')).toEqual([]);
    expect(captureTouches('https://shop.example/?clickSource=aflite&clickSessionID=')).toEqual([]);
    expect(captureTouches('https://shop.example/?clickSource=other&clickSessionID=abc')).toEqual([]);
  });

  it('matches the parameter names case-sensitively', () => {
    expect(captureTouches('https://shop.example/?clicksource=aflite&clickSessionID=abc')).toEqual([]);
    expect(captureTouches('https://shop.example/?clickSource=aflite&clicksessionid=abc')).toEqual([]);
  });
});

describe('captureTouches: both networks and hostile input', () => {
  it('captures both networks from one URL', () => {
    const touches = captureTouches(
      'https://shop.example/c/tents?clickSource=aflite&clickSessionID=s1&avad=77_a&utm_source=x',
    );
    expect(touches.map((t) => [t.network, t.clickId])).toEqual([
      ['avantlink', '77_a'],
      ['aflite', 's1'],
    ]);
  });

  it('accepts a URL object', () => {
    expect(captureTouches(new URL('https://shop.example/?avad=77_u'))[0]?.clickId).toBe('77_u');
  });

  it('returns nothing for unparseable URLs and never throws', () => {
    expect(captureTouches('not a url')).toEqual([]);
    expect(captureTouches('')).toEqual([]);
    expect(captureTouches('http://[::1')).toEqual([]);
  });

  it('rejects a value over 512 bytes percent-encoded but accepts exactly 512', () => {
    expect(captureTouches(`https://shop.example/?avad=${'a'.repeat(513)}`)).toEqual([]);
    expect(captureTouches(`https://shop.example/?avad=${'a'.repeat(512)}`)[0]?.clickId).toHaveLength(512);
    expect(captureTouches(`https://shop.example/?avad=${'x'.repeat(100_000)}`)).toEqual([]);
  });

  it('refuses 512 × "中", which no cookie could hold (4,608 bytes percent-encoded), at capture', () => {
    expect(captureTouches(`https://shop.example/?avad=${'中'.repeat(512)}`)).toEqual([]);
    expect(captureTouches(`https://shop.example/?avad=${encodeURIComponent('中'.repeat(512))}`)).toEqual([]);
    expect(captureTouches(`https://shop.example/?avad=${'中'.repeat(56)}`)[0]?.clickId).toBe('中'.repeat(56));
  });

  it('rejects control characters, encoded or not', () => {
    expect(captureTouches('https://shop.example/?avad=77%0Aevil')).toEqual([]);
    expect(captureTouches('https://shop.example/?avad=77%00x')).toEqual([]);
    expect(captureTouches('https://shop.example/?clickSource=aflite&clickSessionID=a%1Bb')).toEqual([]);
  });

  it('rejects broken percent-encoding that decodes to a replacement character', () => {
    expect(captureTouches('https://shop.example/?avad=77_%E0%A4%A')).toEqual([]);
    expect(captureTouches('https://shop.example/?avad=%FF')).toEqual([]);
  });

  it('keeps markup as an opaque value (it is stored encoded and never rendered by us)', () => {
    const [touch] = captureTouches('https://shop.example/?avad=%3Cscript%3Ealert(1)%3C/script%3E');
    expect(touch?.clickId).toBe('<script>alert(1)</script>');
  });

  it('drops a hostile gclid but keeps the AvantLink touch', () => {
    const [touch] = captureTouches('https://shop.example/?avad=77_a&gclid=%0A');
    expect(touch).toMatchObject({ clickId: '77_a' });
    expect(touch).not.toHaveProperty('gclid');
  });
});
