/*
 * NOTE: core compiles against the ES library only. btoa and atob exist in every runtime we support (browsers,
 * Node 16+, workers); these module-local declarations describe them.
 */
declare const btoa: (binary: string) => string;
declare const atob: (base64: string) => string;

/**
 * Bytes in base64url without padding (RFC 4648 §5): cookie-safe and URL-safe as it is. The one encoder of the
 * contract: visitor ids (`newVisitorId`) and the server cookie's signature use it. NOTE: for short values (ids,
 * MACs): the bytes are spread into one call, which throws a RangeError past about 100,000 of them.
 *
 * @example
 * encodeBase64Url(new Uint8Array([251, 255])); // → '-_8'
 */
export function encodeBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * The bytes of a base64url text without padding, or undefined when it is not the canonical spelling of any bytes:
 * padding, `+`, `/`, white space, or spare bits set in the last character (atob ignores those, so several spellings
 * would decode to the same bytes). Never throws.
 *
 * @example
 * decodeBase64Url('-_8'); // → Uint8Array [251, 255]
 * decodeBase64Url('-_9'); // → undefined (a spare bit set)
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  try {
    const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) =>
      char.charCodeAt(0),
    );
    // Re-encoding gives only the alphabet's characters, no padding and no spare bits: the canonical spelling.
    return encodeBase64Url(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}
