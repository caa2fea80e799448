import {
  CONSENT_SOURCE_PATTERN,
  isBuiltInNetwork,
  isNetworkId,
  NETWORK_CODES,
  type NetworkId,
  type Touch,
} from '@affiliate-relay/core';
import { forwardableUrl } from '../incoming/forwardable-url';

/*
 * What the server cookie keeps beside core's touches, for an order recorded later without a request (a payment
 * webhook): AvantLink's order call wants the shopper's user agent and a page URL, both known at the click.
 * Parts of the payload that core's decoder skips:
 *
 *   |c:<consent source>:<time, base 36>|u:<user agent>|l:<a|f|network id>:<landing URL>
 *
 * The consent part says where the shopper's consent came from and when the server learnt of it (see
 * `ConsentRecord`); a cookie written before it existed has none, and reads as before. The others are
 * encodeURIComponent'd, so they hold no `|`, `;`, `,` or space. Only a well-formed http(s) landing URL
 * (`forwardableUrl`) of at most 1,024 bytes encoded and a user agent of printable ASCII, cut to 400 characters,
 * are kept; anything else is left out.
 */

const MAX_URL_BYTES = 1024;
const MAX_USER_AGENT_LENGTH = 400;
// Each built-in network by its one-letter code (core's, as in the touch cookie); any other by its id.
const NETWORK_OF_CODE = new Map<string, NetworkId>(
  Object.entries(NETWORK_CODES).map(([network, code]) => [code, network]),
);
const LANDING_PART = /^l:([a-z][a-z0-9-]{0,31}):(.*)$/;

function codeOf(network: NetworkId): string {
  return isBuiltInNetwork(network) ? NETWORK_CODES[network] : network;
}
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
// A source as CONSENT_SOURCE_PATTERN has it, and at most 11 base-36 digits (any ms of the Date range).
const CONSENT_PART = /^c:([a-z0-9_-]{1,32}):([0-9a-z]{1,11})$/;

/**
 * Where the consent to track this visitor came from, as the signed server cookie remembers it: `source` is the
 * browser script's consent source that granted (`'gcm'`, `'tcf'`, `'shopify'`, `'manual'`), `'script'` when the
 * script did not wait for consent, `'server-rule'` when `consent.allows` said yes to a landing the server
 * captured, `'no-rule'` when it captured one with no `allows` rule (Global Privacy Control alone decided).
 */
export interface ConsentRecord {
  source: string;
  /** When the server learnt of it (ms since the epoch): the beacon or landing that brought it. */
  at: number;
}

/** The shopper's browser and the landing page of each touch, as the server cookie keeps them. */
export interface ClickContextValue {
  consent?: ConsentRecord | undefined;
  userAgent?: string | undefined;
  touches: readonly Touch[];
}

/**
 * The payload parts for a user agent and the touches' landing URLs (empty when there is nothing to keep).
 *
 * @example
 * encodeClickContext({ userAgent: 'Mozilla/5.0 …', touches }); // '|u:Mozilla%2F5.0…|l:a:https%3A%2F%2Fshop…'
 */
export function encodeClickContext(value: ClickContextValue): string {
  let parts = '';
  const { consent } = value;
  if (
    consent &&
    CONSENT_SOURCE_PATTERN.test(consent.source) &&
    Number.isSafeInteger(consent.at) &&
    consent.at > 0
  )
    parts += `|c:${consent.source}:${consent.at.toString(36)}`;
  const userAgent = cleanUserAgent(value.userAgent);
  if (userAgent) parts += `|u:${encodeURIComponent(userAgent)}`;
  for (const touch of value.touches) {
    const url = forwardableUrl(touch.landingUrl);
    const encoded = url && encodeURIComponent(url);
    if (encoded && encoded.length <= MAX_URL_BYTES && isNetworkId(touch.network)) {
      parts += `|l:${codeOf(touch.network)}:${encoded}`;
    }
  }
  return parts;
}

/**
 * Reads the parts {@link encodeClickContext} wrote out of a payload's `|`-separated parts. Never throws.
 *
 * @example
 * decodeClickContext(payload.split('|')); // { userAgent: 'Mozilla/5.0 …', landingUrls: { avantlink: 'https://…' } }
 */
export function decodeClickContext(parts: readonly string[]): {
  consent?: ConsentRecord;
  userAgent?: string;
  landingUrls: Partial<Record<NetworkId, string>>;
} {
  // No prototype: a network id may be `constructor`.
  const out: {
    consent?: ConsentRecord;
    userAgent?: string;
    landingUrls: Partial<Record<NetworkId, string>>;
  } = { landingUrls: Object.create(null) };
  for (const part of parts) {
    const consent = CONSENT_PART.exec(part);
    if (consent) {
      out.consent = { source: consent[1]!, at: parseInt(consent[2]!, 36) };
      continue;
    }
    if (part.startsWith('u:')) {
      const userAgent = cleanUserAgent(safeDecode(part.slice(2)));
      if (userAgent) out.userAgent = userAgent;
      continue;
    }
    const [, code = '', encoded = ''] = LANDING_PART.exec(part) ?? [];
    const network = code.length === 1 ? NETWORK_OF_CODE.get(code) : isNetworkId(code) ? code : undefined;
    const url = network && forwardableUrl(safeDecode(encoded));
    if (network && url) out.landingUrls[network] = url;
  }
  return out;
}

/** The touches with the landing URL the cookie kept for their network, if any. */
export function withLandingUrls(touches: Touch[], landingUrls: Partial<Record<NetworkId, string>>): Touch[] {
  return touches.map((touch) => {
    const landingUrl = landingUrls[touch.network];
    return landingUrl ? { ...touch, landingUrl } : touch;
  });
}

function cleanUserAgent(value: string | undefined): string | undefined {
  const cut = value?.slice(0, MAX_USER_AGENT_LENGTH).trim();
  return cut && PRINTABLE_ASCII.test(cut) ? cut : undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
