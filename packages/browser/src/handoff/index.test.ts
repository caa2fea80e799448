import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchHandoff, passHandoff } from './index';

/*
 * The hand-off entry against a stubbed page: `document.cookie`, `location` and `fetch` (the shop's endpoint and
 * Shopify's `/cart/update.js`, emulated as shopify.dev documents it: a JSON body with `attributes`).
 */

const TOKEN = `ar1${'A1b2_C3d-'.repeat(8)}xyz`.slice(0, 79);

afterEach(() => {
  vi.unstubAllGlobals();
});

function page(options: { answer?: () => Promise<Response>; ack?: string } = {}) {
  let cookies = options.ack ? `ar_ack=${options.ack}` : '';
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('location', new URL('https://shop.example/cart'));
  vi.stubGlobal('document', {
    get cookie() {
      return cookies;
    },
    set cookie(value: string) {
      const [pair] = value.split(';');
      const name = pair!.split('=')[0]!;
      cookies = [...cookies.split('; ').filter((part) => part && !part.startsWith(`${name}=`)), pair].join(
        '; ',
      );
    },
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      if (url === '/cart/update.js') return new Response('{}', { status: 200 });
      return options.answer ? options.answer() : Response.json({ handoff: TOKEN });
    }),
  );
  return { calls, cookies: () => cookies };
}

describe('fetchHandoff', () => {
  it('POSTs to the same-origin endpoint with no-store, and keeps the token for the same clicks', async () => {
    const { calls, cookies } = page({ ack: 'h1.h2' });
    expect(await fetchHandoff()).toBe(TOKEN);
    expect(calls[0]).toMatchObject({
      url: '/affiliate-relay/handoff',
      init: { method: 'POST', credentials: 'same-origin', cache: 'no-store' },
    });
    expect(cookies()).toContain(`ar_handoff=${TOKEN}.h1.h2`);
    expect(await fetchHandoff()).toBe(TOKEN);
    expect(calls).toHaveLength(1);
  });

  it('keeps nothing (no cookie) for a visitor without a click the server signed, as while consent is pending', async () => {
    const { calls, cookies } = page();
    expect(await fetchHandoff()).toBe(TOKEN);
    expect(cookies()).toBe('');
    await fetchHandoff();
    expect(calls).toHaveLength(2);
  });

  it('asks again once the server’s clicks changed (another ar_ack)', async () => {
    const { calls } = page({ ack: 'h1' });
    await fetchHandoff();
    // biome-ignore lint/suspicious/noDocumentCookie: the stubbed page's cookie, as the server would change it.
    document.cookie = 'ar_ack=h3';
    await fetchHandoff();
    expect(calls).toHaveLength(2);
  });

  it('resolves undefined, never throws, on a failed endpoint, a bad answer or a network error', async () => {
    for (const answer of [
      async () => new Response('nope', { status: 503 }),
      async () => Response.json({ handoff: 'has spaces in it' }),
      async () => Response.json({ handoff: 'x'.repeat(128) }),
      async () => {
        throw new TypeError('Failed to fetch');
      },
    ]) {
      page({ answer });
      expect(await fetchHandoff()).toBeUndefined();
    }
  });
});

describe('passHandoff', () => {
  it('writes the Shopify cart attribute _ar_handoff through /cart/update.js', async () => {
    const { calls } = page();
    expect(await passHandoff({ shopifyCart: true })).toBe(TOKEN);
    const cart = calls.find((call) => call.url === '/cart/update.js')!;
    expect(cart.init.method).toBe('POST');
    expect(JSON.parse(String(cart.init.body))).toEqual({ attributes: { _ar_handoff: TOKEN } });
  });

  it('sets a URL parameter on each link', async () => {
    page();
    const link = { href: 'https://pay.example/checkout?cart=7' };
    expect(await passHandoff({ links: [link as HTMLAnchorElement] })).toBe(TOKEN);
    expect(new URL(link.href).searchParams.get('ar_handoff')).toBe(TOKEN);
    expect(new URL(link.href).searchParams.get('cart')).toBe('7');
  });

  it('fills a hidden field that is there already', async () => {
    page();
    const input = { value: '' };
    const form = { querySelector: () => input } as unknown as HTMLFormElement;
    expect(await passHandoff({ forms: [form], field: 'ref' })).toBe(TOKEN);
    expect(input.value).toBe(TOKEN);
  });

  it('resolves undefined when the cart refuses, or nothing could be had', async () => {
    page({ answer: async () => new Response('', { status: 500 }) });
    expect(await passHandoff({ shopifyCart: true })).toBeUndefined();
    // A form the page broke (querySelector throws): still no throw.
    page();
    const broken = {
      querySelector: () => {
        throw new Error('boom');
      },
    } as unknown as HTMLFormElement;
    expect(await passHandoff({ forms: [broken] })).toBeUndefined();
  });
});
