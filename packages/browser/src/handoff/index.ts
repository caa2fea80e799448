import { COOKIE_NAMES, HANDOFF_NAMES } from '@affiliate-relay/core';

/*
 * `@affiliate-relay/browser/handoff`: for storefronts whose checkout is on another site (Shopify's checkout,
 * Stripe, PayPal). Asks the shop's own server for a hand-off (the relay's `handleHandoff`, same origin, POST,
 * `no-store`) and puts it where the checkout carries it: a Shopify cart attribute (`/cart/update.js`), a hidden
 * form field, or a URL parameter. Apart from the main script and its byte budget. Every function resolves and
 * never throws into the page: a failure gives `undefined`, and the checkout goes on without a hand-off.
 *
 * A hand-off is kept for the page's next views in the readable cookie `ar_handoff` (token, then `.` and the
 * server's `ar_ack`): while the server's clicks are the same, no new one is asked for. A Shopify Web Pixel can
 * read that cookie for the `checkout_completed` fallback. Without `ar_ack` (no click signed by the server, or
 * consent not given) nothing is kept: no cookie is written.
 */

/** Where {@link passHandoff} puts the hand-off. */
export type HandoffTarget =
  /** The Shopify cart's attributes, through the storefront's `/cart/update.js` (then `note_attributes`). */
  | { shopifyCart: true; attribute?: string; cartUrl?: string }
  /** A hidden field (made when missing) in each form. */
  | { forms: Iterable<HTMLFormElement>; field?: string }
  /** The URL parameter of each link (a hosted checkout's address). */
  | { links: Iterable<HTMLAnchorElement>; param?: string };

/** Options of {@link passHandoff} and {@link fetchHandoff}. */
export interface HandoffOptions {
  /** The relay's hand-off endpoint on the shop's origin. Default: `'/affiliate-relay/handoff'`. */
  endpoint?: string;
  /** Ask the server even when a hand-off for the same clicks is kept. Default: false. */
  fresh?: boolean;
}

const TOKEN = /^[A-Za-z0-9_-]{1,127}$/;
const KEPT = 'ar_handoff';

/**
 * A hand-off for this shopper from the shop's server: the one kept for the same clicks, else a new one.
 * Resolves `undefined` when the endpoint fails or answers no token.
 *
 * @example
 * const handoff = await fetchHandoff();
 */
export async function fetchHandoff(options: HandoffOptions = {}): Promise<string | undefined> {
  try {
    const ack = cookie(COOKIE_NAMES.serverAck) ?? '';
    const kept = cookie(KEPT);
    const cut = kept?.indexOf('.') ?? -1;
    if (!options.fresh && kept && cut > 0 && kept.slice(cut + 1) === ack && TOKEN.test(kept.slice(0, cut))) {
      return kept.slice(0, cut);
    }
    const response = await fetch(options.endpoint ?? HANDOFF_NAMES.path, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const { handoff } = (await response.json()) as { handoff?: unknown };
    if (!response.ok || typeof handoff !== 'string' || !TOKEN.test(handoff)) return undefined;
    // Kept only for a visitor whose clicks the server signed (its `ar_ack`): nothing is stored for anyone else,
    // so a page waiting for consent gets no cookie from here either.
    if (!ack) return handoff;
    // Session cookie, readable (a Web Pixel reads it): it holds no click, only the opaque token.
    // biome-ignore lint/suspicious/noDocumentCookie: one plain cookie; js-cookie would triple this entry's size.
    document.cookie = `${KEPT}=${handoff}.${ack}; path=/; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
    return handoff;
  } catch {
    return undefined;
  }
}

/**
 * Fetches a hand-off and puts it where the checkout carries it. Resolves the hand-off, or `undefined` when
 * none could be had or put.
 *
 * @example
 * // Shopify theme: the cart attribute `_ar_handoff`, which orders/create brings as note_attributes.
 * await passHandoff({ shopifyCart: true });
 * // A form that posts to a hosted checkout:
 * await passHandoff({ forms: document.querySelectorAll('form.checkout') });
 */
export async function passHandoff(
  target: HandoffTarget,
  options: HandoffOptions = {},
): Promise<string | undefined> {
  try {
    const handoff = await fetchHandoff(options);
    if (!handoff) return undefined;
    if ('shopifyCart' in target) {
      const response = await fetch(target.cartUrl ?? '/cart/update.js', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attributes: { [target.attribute ?? HANDOFF_NAMES.cartAttribute]: handoff } }),
      });
      return response.ok ? handoff : undefined;
    }
    if ('forms' in target) {
      for (const form of target.forms) {
        const name = target.field ?? HANDOFF_NAMES.field;
        let input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
        if (!input) {
          input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          form.append(input);
        }
        input.value = handoff;
      }
      return handoff;
    }
    for (const link of target.links) {
      const url = new URL(link.href, location.href);
      url.searchParams.set(target.param ?? HANDOFF_NAMES.field, handoff);
      link.href = url.href;
    }
    return handoff;
  } catch {
    return undefined;
  }
}

function cookie(name: string): string | undefined {
  for (const part of document.cookie.split('; ')) {
    if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  }
  return undefined;
}
