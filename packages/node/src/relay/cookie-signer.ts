import { ConfigError } from '@affiliate-relay/core';

/*
 * HMAC-SHA256 through WebCrypto (`globalThis.crypto.subtle`), so the same code runs in Node 20,
 * Workers and Next.js' edge runtime. Verification goes through `subtle.verify`, which compares in
 * constant time. Several secrets allow rotation: the first signs, every one verifies.
 */

/** Shortest secret accepted: 32 characters (about 190 bits when random). */
export const MIN_SECRET_LENGTH = 32;

/** Signs and verifies strings. */
export interface Signer {
  /** The base64url HMAC of `data` under the first secret. */
  sign(data: string): Promise<string>;
  /** Whether `signature` is the HMAC of `data` under any secret. Never throws. */
  verify(data: string, signature: string): Promise<boolean>;
}

const encoder = new TextEncoder();
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * @example
 * const signer = createSigner([process.env.COOKIE_SECRET!, process.env.OLD_COOKIE_SECRET!]);
 * const signature = await signer.sign('ar_attr=…');
 */
export function createSigner(secret: string | readonly string[]): Signer {
  const secrets = typeof secret === 'string' ? [secret] : Array.isArray(secret) ? [...secret] : [];
  if (secrets.length === 0)
    throw new ConfigError('cookie.secret is required: a string or an array of strings');
  secrets.forEach((value, index) => {
    // The message names the position only: a secret never goes into an error.
    const name = `cookie.secret${secrets.length > 1 ? `[${index}]` : ''}`;
    if (value === undefined || value === null || value === '') {
      throw new ConfigError(
        `${name} is missing: set it to a random string of ${MIN_SECRET_LENGTH}+ characters (is its environment variable set?)`,
      );
    }
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  });
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new ConfigError('WebCrypto (globalThis.crypto.subtle) is not available in this runtime');
  let keys: Promise<Awaited<ReturnType<typeof subtle.importKey>>[]> | undefined;
  const loadKeys = () => {
    keys ??= Promise.all(
      secrets.map((value) =>
        subtle.importKey('raw', encoder.encode(value), { name: 'HMAC', hash: 'SHA-256' }, false, [
          'sign',
          'verify',
        ]),
      ),
    );
    return keys;
  };

  return {
    async sign(data) {
      const [key] = await loadKeys();
      const mac = await subtle.sign('HMAC', key!, encoder.encode(data));
      return toBase64Url(new Uint8Array(mac));
    },
    async verify(data, signature) {
      if (typeof signature !== 'string' || signature.length !== 43 || !BASE64URL.test(signature))
        return false;
      const mac = fromBase64Url(signature);
      if (!mac) return false;
      const bytes = encoder.encode(data);
      for (const key of await loadKeys()) {
        if (await subtle.verify('HMAC', key, mac, bytes)) return true;
      }
      return false;
    },
  };
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    // NOTE: 43 characters carry 258 bits for 256: the last character's two spare bits are ignored by
    // atob, so four spellings decode to the same MAC. Only the canonical one is accepted.
    return toBase64Url(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}
