import { ConfigError } from '@affiliate-relay/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OLD_SECRET, SECRET } from '../../../test/fixtures/relay';
import { createSigner, MIN_SECRET_LENGTH, type SignerBackend } from './cookie-signer';

describe.each<SignerBackend>(['node', 'web'])('createSigner with the %s backend', (backend) => {
  const signerOf = (secret: string | string[]) => createSigner(secret, backend);

  it('signs with HMAC-SHA256 in base64url and verifies its own signature', async () => {
    const signer = signerOf(SECRET);
    const signature = await signer.sign('ar_attr=vis_3f2c1a97|1');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await signer.verify('ar_attr=vis_3f2c1a97|1', signature)).toBe(true);
  });

  it('matches an HMAC-SHA256 computed by node:crypto', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update('payload').digest('base64url');
    expect(await signerOf(SECRET).sign('payload')).toBe(expected);
  });

  it('refuses a changed payload, a changed signature and malformed signatures', async () => {
    const signer = signerOf(SECRET);
    const signature = await signer.sign('data');
    expect(await signer.verify('data!', signature)).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(await signer.verify('data', flipped)).toBe(false);
    for (const bad of ['', 'short', `${signature}x`, `${signature.slice(0, 42)}+`]) {
      expect(await signer.verify('data', bad)).toBe(false);
    }
  });

  it('refuses a signature made with another secret', async () => {
    const signature = await signerOf(OLD_SECRET).sign('data');
    expect(await signerOf(SECRET).verify('data', signature)).toBe(false);
  });

  it('rotates: the first secret signs, every secret verifies', async () => {
    const before = await signerOf(OLD_SECRET).sign('data');
    const rotated = signerOf([SECRET, OLD_SECRET]);
    expect(await rotated.verify('data', before)).toBe(true);
    expect(await rotated.sign('data')).toBe(await signerOf(SECRET).sign('data'));
  });

  it('says an unset secret is missing, not too short', () => {
    expect(() => createSigner('')).toThrow(/cookie\.secret is missing/);
    expect(() => createSigner(undefined as unknown as string)).toThrow(/cookie\.secret is required/);
    expect(() => createSigner([SECRET, undefined as unknown as string])).toThrow(
      /cookie\.secret\[1\] is missing/,
    );
  });

  it('requires secrets of at least 32 characters, and never repeats a secret in the error', () => {
    const short = 'x'.repeat(MIN_SECRET_LENGTH - 1);
    expect(() => createSigner(short, backend)).toThrow(ConfigError);
    expect(() => createSigner([SECRET, short], backend)).toThrow(
      /cookie\.secret\[1\] must be at least 32 characters/,
    );
    expect(() => createSigner([], backend)).toThrow(ConfigError);
    try {
      createSigner(short, backend);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(short);
    }
  });
});

describe('createSigner backends', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives back a signature it just verified under the signing key, and signs anew otherwise', async () => {
    const node = createSigner([SECRET, OLD_SECRET], 'node');
    const current = await node.sign('ar_attr=a');
    expect(await node.verify('ar_attr=a', current)).toBe(true);
    expect(await node.sign('ar_attr=a')).toBe(current);
    // Verified under the old secret only: signing must use the current one, never echo the old signature.
    const old = await createSigner(OLD_SECRET, 'node').sign('ar_attr=b');
    expect(await node.verify('ar_attr=b', old)).toBe(true);
    expect(await node.sign('ar_attr=b')).toBe(await createSigner(SECRET, 'node').sign('ar_attr=b'));
    expect(await node.sign('ar_attr=b')).not.toBe(old);
  });

  it('signs through node:crypto by default in Node, not through WebCrypto', async () => {
    const subtleSign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    await createSigner(SECRET).sign('data');
    expect(subtleSign).not.toHaveBeenCalled();
    await createSigner(SECRET, 'web').sign('data');
    expect(subtleSign).toHaveBeenCalledTimes(1);
  });

  it('uses node:crypto in Node by default, and both backends sign and verify alike', async () => {
    const web = createSigner([SECRET, OLD_SECRET], 'web');
    const node = createSigner([SECRET, OLD_SECRET], 'node');
    const signature = await createSigner(SECRET).sign('ar_attr=x');
    expect(signature).toBe(await node.sign('ar_attr=x'));
    expect(signature).toBe(await web.sign('ar_attr=x'));
    expect(await web.verify('ar_attr=x', await node.sign('ar_attr=x'))).toBe(true);
    expect(await node.verify('ar_attr=x', await createSigner(OLD_SECRET, 'web').sign('ar_attr=x'))).toBe(
      true,
    );
  });
});
