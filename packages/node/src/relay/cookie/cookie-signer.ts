import { ConfigError, decodeBase64Url, encodeBase64Url } from '@affiliate-relay/core';

/*
 * HMAC-SHA256, through `node:crypto` where the runtime has it (Node, Bun, Deno: found with
 * `process.getBuiltinModule`, so the package still imports no `node:` module and runs on edge
 * runtimes), else through WebCrypto (`globalThis.crypto.subtle`: Workers, Next.js' edge runtime).
 * `node:crypto` signs synchronously on the calling thread; WebCrypto sends every sign and verify to
 * the thread pool, which was most of the collect endpoint's cost (BENCHMARKS.md). Either way the
 * keys are imported once, when the signer is created (WebCrypto: on first use). Verification is
 * constant-time (`timingSafeEqual`, `subtle.verify`). Several secrets allow rotation: the first
 * signs, every one verifies.
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

/** How a signer computes its HMACs. */
export type SignerBackend = 'node' | 'web';

const encoder = new TextEncoder();
const BASE64URL = /^[A-Za-z0-9_-]+$/;

type NodeCrypto = Pick<typeof import('node:crypto'), 'createHmac' | 'createSecretKey' | 'timingSafeEqual'> &
  Pick<typeof import('node:buffer'), 'Buffer'>;

function nodeCrypto(): NodeCrypto | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const crypto = process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    const buffer = process?.getBuiltinModule?.('node:buffer') as Pick<NodeCrypto, 'Buffer'> | undefined;
    return crypto && buffer ? { ...crypto, Buffer: buffer.Buffer } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `backend` picks the HMAC implementation. Default: `'node'` where `node:crypto` is available, else `'web'`.
 *
 * @example
 * const signer = createSigner([process.env.COOKIE_SECRET!, process.env.OLD_COOKIE_SECRET!]);
 * const signature = await signer.sign('ar_attr=…');
 */
export function createSigner(
  secret: string | readonly string[],
  backend: SignerBackend = nodeCrypto() ? 'node' : 'web',
): Signer {
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
  if (backend === 'node') {
    const node = nodeCrypto();
    if (!node) throw new ConfigError('node:crypto is not available in this runtime');
    return nodeSigner(node, secrets);
  }
  return webSigner(secrets);
}

function nodeSigner(node: NodeCrypto, secrets: readonly string[]): Signer {
  const keys = secrets.map((value) => node.createSecretKey(encoder.encode(value)));
  const mac = (key: (typeof keys)[number], data: string) => node.createHmac('sha256', key).update(data);
  // Signatures that verify() just found under the signing key, by their data: a beacon that changes
  // nothing re-signs the very cookie it brought, and gets its signature back without a second HMAC.
  const verified = new Map<string, string>();
  return {
    async sign(data) {
      return verified.get(data) ?? mac(keys[0]!, data).digest('base64url');
    },
    async verify(data, signature) {
      if (!isSignatureShaped(signature)) return false;
      const given = node.Buffer.from(signature, 'base64url');
      // Only the canonical spelling counts (as core's decodeBase64Url checks).
      if (given.toString('base64url') !== signature) return false;
      let valid = false;
      // Every key is tried, so the time does not tell which secret matched.
      keys.forEach((key, index) => {
        if (!node.timingSafeEqual(mac(key, data).digest(), given)) return;
        valid = true;
        if (index > 0) return;
        if (verified.size >= 64) verified.delete(verified.keys().next().value!);
        verified.set(data, signature);
      });
      return valid;
    },
  };
}

function webSigner(secrets: readonly string[]): Signer {
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
      return encodeBase64Url(new Uint8Array(mac));
    },
    async verify(data, signature) {
      const mac = decodeSignature(signature);
      if (!mac) return false;
      const bytes = encoder.encode(data);
      for (const key of await loadKeys()) {
        if (await subtle.verify('HMAC', key, mac, bytes)) return true;
      }
      return false;
    },
  };
}

// 43 characters of base64url: the length of an HMAC-SHA256.
function isSignatureShaped(signature: unknown): signature is string {
  return typeof signature === 'string' && signature.length === 43 && BASE64URL.test(signature);
}

// The 32 bytes of a well-formed signature: 43 characters of canonical base64url.
function decodeSignature(signature: unknown): Uint8Array | undefined {
  return isSignatureShaped(signature) ? decodeBase64Url(signature) : undefined;
}
