import { HandoffError } from '@affiliate-relay/core';
import { describe, expect, it } from 'vitest';
import { OLD_SECRET, SECRET } from '../../../test/fixtures/relay';
import { createSigner } from '../cookie/cookie-signer';
import {
  EMPTY_HANDOFF_ID,
  encodeHandoff,
  HANDOFF_TOKEN_LENGTH,
  randomHandoffId,
  verifyHandoff,
} from './handoff-token';

const signer = createSigner(SECRET);
const NOW = Date.UTC(2026, 11, 8);
const LATER = NOW + 86_400_000;

async function refusal(token: unknown, using = signer, now = NOW): Promise<string> {
  try {
    await verifyHandoff(using, token, now);
  } catch (error) {
    expect(error).toBeInstanceOf(HandoffError);
    return (error as HandoffError).reason;
  }
  return 'accepted';
}

describe('hand-off tokens', () => {
  it('are 79 characters of [A-Za-z0-9_-] and give back their id and expiry (whole seconds)', async () => {
    const id = randomHandoffId();
    const token = await encodeHandoff(signer, { id, expiresAt: LATER + 400 });
    expect(token).toHaveLength(HANDOFF_TOKEN_LENGTH);
    expect(token).toMatch(/^ar1[A-Za-z0-9_-]+$/);
    expect(await verifyHandoff(signer, token, NOW)).toEqual({ id, expiresAt: LATER + 1000 });
  });

  it('draw 22-character random ids, never the reserved empty one', () => {
    const ids = new Set(Array.from({ length: 500 }, randomHandoffId));
    expect(ids.size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids.has(EMPTY_HANDOFF_ID)).toBe(false);
  });

  it('verify under any of the cookie secrets (rotation)', async () => {
    const token = await encodeHandoff(createSigner(OLD_SECRET), { id: randomHandoffId(), expiresAt: LATER });
    expect(await refusal(token, createSigner([SECRET, OLD_SECRET]))).toBe('accepted');
    expect(await refusal(token, signer)).toBe('forged');
  });

  it('refuse each failed check by name: malformed, edited, forged, expired', async () => {
    const token = await encodeHandoff(signer, { id: randomHandoffId(), expiresAt: LATER });
    expect(await refusal(token.slice(0, -1))).toBe('malformed');
    expect(await refusal(`${token}A`)).toBe('malformed');
    expect(await refusal(`xx1${token.slice(3)}`)).toBe('malformed');
    expect(await refusal(token.replace(/^(.{40})./, '$1!'))).toBe('malformed');
    expect(await refusal(undefined)).toBe('malformed');
    expect(await refusal(42)).toBe('malformed');
    // One character of the id changed: the check characters no longer match.
    const edited = token.slice(0, 10) + (token[10] === 'a' ? 'b' : 'a') + token.slice(11);
    expect(await refusal(edited)).toBe('edited');
    // Made consistently by someone without the secret.
    expect(
      await refusal(
        await encodeHandoff(createSigner('x'.repeat(32)), { id: randomHandoffId(), expiresAt: LATER }),
      ),
    ).toBe('forged');
    expect(await refusal(token, signer, LATER)).toBe('expired');
    expect(await refusal(token, signer, LATER - 1000)).toBe('accepted');
  });

  it('are not signed like a cookie: a signature of the same text under the cookie’s format does not verify', async () => {
    const token = await encodeHandoff(signer, { id: randomHandoffId(), expiresAt: LATER });
    const signed = token.slice(0, 32);
    // The signature the cookie code would make of the same text, set in with a correct check.
    const bare = await signer.sign(signed);
    const rebuilt = await encodeHandoff(
      { sign: async () => bare, verify: async () => false },
      {
        id: signed.slice(3, 25),
        expiresAt: LATER,
      },
    );
    expect(await refusal(rebuilt)).toBe('forged');
  });
});
