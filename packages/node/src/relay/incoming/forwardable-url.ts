/** Longer URLs are refused by core's `beaconSchema` and cut by the browser script. */
const MAX_URL_LENGTH = 2048;
// Whitespace, C0/C1 controls and DEL, and lone surrogates (with the `u` flag a well-formed pair is one
// code point): a URL that a browser serialised (`location.href`, `document.referrer`) holds none of them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_IN_URL = /[\u0000-\u0020\u007f-\u009f\p{Cs}]/u;

/**
 * The value when it is a well-formed absolute http(s) URL that AvantLink may receive (`current_url`,
 * `referrer_url`), else `undefined`. A beacon's `landingUrl`, `referrer` and `pageUrl` are any text a
 * client chose to send: what is not such a URL is left out of the network call, and the beacon still counts.
 *
 * @example
 * forwardableUrl('https://blog.example/best-tents'); // 'https://blog.example/best-tents'
 * forwardableUrl('javascript:alert(1)'); // undefined
 */
export function forwardableUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || NOT_IN_URL.test(value)) return undefined;
  if (!/^https?:\/\/[^/?#]/i.test(value)) return undefined;
  try {
    const { protocol, hostname } = new URL(value);
    return (protocol === 'http:' || protocol === 'https:') && hostname !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
