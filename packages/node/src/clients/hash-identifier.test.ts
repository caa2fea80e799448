import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashIdentifier, looksLikeEmail } from './hash-identifier';

describe('hashIdentifier', () => {
  it('is the SHA-256 hex of the trimmed, lower-cased value', async () => {
    const expected = createHash('sha256').update('ann@example.com').digest('hex');
    expect(await hashIdentifier('  Ann@Example.COM ')).toBe(expected);
    expect(await hashIdentifier('ann@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes non-ASCII text as UTF-8', async () => {
    expect(await hashIdentifier('Zoë@example.com')).toBe(
      createHash('sha256').update('zoë@example.com', 'utf8').digest('hex'),
    );
  });

  it('does not contain the original value', async () => {
    expect(await hashIdentifier('ann@example.com')).not.toContain('ann');
  });
});

describe('looksLikeEmail', () => {
  it.each(['ann@example.com', ' Bob.Smith+tag@mail.example.co.uk '])('flags %s', (value) => {
    expect(looksLikeEmail(value)).toBe(true);
  });
  it.each(['u_78901', 'vis_3f2c1a97', '@handle', 'a@b', createHash('sha256').update('x@y.z').digest('hex')])(
    'accepts %s',
    (value) => {
      expect(looksLikeEmail(value)).toBe(false);
    },
  );
});
