import { ConfigError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { createSigner, MIN_SECRET_LENGTH } from './cookie-signer';
import { OLD_SECRET, SECRET } from './relay.fixture';

describe('createSigner', () => {
  it('signs with HMAC-SHA256 in base64url and verifies its own signature', async () => {
    const signer = createSigner(SECRET);
    const signature = await signer.sign('ar_attr=vis_3f2c1a97|1');
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await signer.verify('ar_attr=vis_3f2c1a97|1', signature)).toBe(true);
  });

  it('matches an HMAC-SHA256 computed by node:crypto', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update('payload').digest('base64url');
    expect(await createSigner(SECRET).sign('payload')).toBe(expected);
  });

  it('refuses a changed payload, a changed signature and malformed signatures', async () => {
    const signer = createSigner(SECRET);
    const signature = await signer.sign('data');
    expect(await signer.verify('data!', signature)).toBe(false);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(await signer.verify('data', flipped)).toBe(false);
    for (const bad of ['', 'short', `${signature}x`, `${signature.slice(0, 42)}+`]) {
      expect(await signer.verify('data', bad)).toBe(false);
    }
  });

  it('refuses a signature made with another secret', async () => {
    const signature = await createSigner(OLD_SECRET).sign('data');
    expect(await createSigner(SECRET).verify('data', signature)).toBe(false);
  });

  it('rotates: the first secret signs, every secret verifies', async () => {
    const before = await createSigner(OLD_SECRET).sign('data');
    const rotated = createSigner([SECRET, OLD_SECRET]);
    expect(await rotated.verify('data', before)).toBe(true);
    expect(await rotated.sign('data')).toBe(await createSigner(SECRET).sign('data'));
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
    expect(() => createSigner(short)).toThrow(ConfigError);
    expect(() => createSigner([SECRET, short])).toThrow(/cookie\.secret\[1\] must be at least 32 characters/);
    expect(() => createSigner([])).toThrow(ConfigError);
    try {
      createSigner(short);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(short);
    }
  });
});
