import { encodeBase64Url, HandoffError } from '@affiliate-relay/core';
import type { Signer } from '../cookie/cookie-signer';

/*
 * The hand-off token: what a platform field (Stripe's client_reference_id, PayPal's custom_id, a Shopify
 * cart attribute) carries from the shop's page to its payment webhook. A click id may be 512 characters and a
 * shopper may bring two, so the attribution itself cannot ride in 127 characters: it stays in the delivery store
 * under a random id, and the token names that id. Layout, 79 characters of `[A-Za-z0-9_-]`:
 *
 *   ar1 | id (22: 16 random bytes, base64url) | expiry (7: seconds since the epoch, base36) | signature (43) | check (4)
 *
 * - The signature is HMAC-SHA256 under the cookie secret (every secret verifies: rotation) of the first three
 *   parts, behind a label of its own, so that no cookie signature is ever a valid hand-off signature. A forged id
 *   is refused before any store read; an expiry pushed forward breaks the signature too.
 * - The check is a 24-bit FNV-1a of the rest, with no key: a token changed after it was made (a typo, a platform
 *   that rewrote part of it) fails it and is told apart (`edited`) from a token consistent in itself but not
 *   signed by this relay (`forged`). It adds no security; the signature does that.
 * - Nothing in it is personal or readable: the id is random, the expiry is a date.
 */

/** The token's fixed length. */
export const HANDOFF_TOKEN_LENGTH = 79;
const PREFIX = 'ar1';
const ID_LENGTH = 22;
const EXPIRY_LENGTH = 7;
const SIGNATURE_LENGTH = 43;
const SIGNED_LENGTH = PREFIX.length + ID_LENGTH + EXPIRY_LENGTH;
const SHAPE = /^ar1[A-Za-z0-9_-]{22}[0-9a-z]{7}[A-Za-z0-9_-]{47}$/;
const LABEL = 'affiliate-relay:handoff:v1:';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * The id of a hand-off whose attribution had no click: signed like any other, but nothing is stored
 * for it (a page that asks for a hand-off on every view costs no row for visitors without a click).
 */
export const EMPTY_HANDOFF_ID = 'A'.repeat(ID_LENGTH);

/** What a verified token says. */
export interface HandoffClaims {
  /** The store id (or {@link EMPTY_HANDOFF_ID}). */
  id: string;
  /** Expiry, in ms since the epoch (whole seconds). */
  expiresAt: number;
}

/** A new random id: 16 bytes of WebCrypto randomness, as 22 characters of base64url (never the empty id). */
export function randomHandoffId(): string {
  for (;;) {
    const id = encodeBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
    if (id !== EMPTY_HANDOFF_ID) return id;
  }
}

/**
 * The token for a stored id and its expiry.
 *
 * @example
 * const token = await encodeHandoff(signer, { id: randomHandoffId(), expiresAt: Date.now() + 30 * 86_400_000 });
 */
export async function encodeHandoff(signer: Signer, claims: HandoffClaims): Promise<string> {
  const seconds = Math.ceil(claims.expiresAt / 1000);
  const signed = `${PREFIX}${claims.id}${seconds.toString(36).padStart(EXPIRY_LENGTH, '0')}`;
  const body = `${signed}${await signer.sign(LABEL + signed)}`;
  return `${body}${check(body)}`;
}

/**
 * Checks a token's shape, check characters, signature and expiry, in that order, before anything is
 * read from a store. Throws a HandoffError naming the first check that failed.
 *
 * @example
 * const { id } = await verifyHandoff(signer, token, Date.now());
 */
export async function verifyHandoff(signer: Signer, token: unknown, now: number): Promise<HandoffClaims> {
  if (typeof token !== 'string' || token.length !== HANDOFF_TOKEN_LENGTH || !SHAPE.test(token)) {
    throw new HandoffError(
      'malformed',
      `The hand-off is not shaped like one (${HANDOFF_TOKEN_LENGTH} characters of [A-Za-z0-9_-] starting with ${PREFIX}): cut short, or another value`,
    );
  }
  const body = token.slice(0, -4);
  if (check(body) !== token.slice(-4)) {
    throw new HandoffError(
      'edited',
      'The hand-off was changed after it was made: its check characters do not match',
    );
  }
  const signed = body.slice(0, SIGNED_LENGTH);
  if (!(await signer.verify(LABEL + signed, body.slice(SIGNED_LENGTH, SIGNED_LENGTH + SIGNATURE_LENGTH)))) {
    throw new HandoffError('forged', 'The hand-off is not signed with this relay’s cookie secret');
  }
  const expiresAt = Number.parseInt(signed.slice(-EXPIRY_LENGTH), 36) * 1000;
  if (expiresAt <= now) {
    throw new HandoffError('expired', `The hand-off expired at ${new Date(expiresAt).toISOString()}`);
  }
  return { id: signed.slice(PREFIX.length, PREFIX.length + ID_LENGTH), expiresAt };
}

// 24 bits of FNV-1a over the characters, as 4 characters of base64url.
function check(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  }
  const value = (hash ^ (hash >>> 24)) & 0xffffff;
  return [18, 12, 6, 0].map((shift) => BASE64URL[(value >> shift) & 63]).join('');
}
