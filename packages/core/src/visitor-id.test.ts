import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64Url } from './base64url';
import * as core from './index';
import { visitorIdSchema } from './schemas/index';
import { isVisitorId, newVisitorId, VISITOR_ID_PATTERN } from './visitor-id';

describe('the visitor id (one definition in core)', () => {
  const good = [
    '3b241101-e2bb-4255-8caf-4136c566a962',
    'q9Xb2_fK-0aZr1TtYy3wLg',
    'vis_3f2c1a97',
    'a'.repeat(64),
  ];
  const bad = ['short', 'a'.repeat(65), 'bad|id;x', 'has space 12', '', 42, undefined];

  it.each(good)('accepts %s', (value) => {
    expect(isVisitorId(value)).toBe(true);
    expect(visitorIdSchema.safeParse(value).success).toBe(true);
  });

  it.each(bad)('refuses %j, as visitorIdSchema does', (value) => {
    expect(isVisitorId(value)).toBe(false);
    expect(visitorIdSchema.safeParse(value).success).toBe(false);
  });

  it('is the pattern visitorIdSchema checks', () => {
    expect(VISITOR_ID_PATTERN.source).toBe('^[A-Za-z0-9_-]{8,64}$');
  });
});

describe('newVisitorId (the one generator: the browser script and the server both use it)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('is exported from the root entry', () => {
    expect(core.newVisitorId).toBe(newVisitorId);
  });

  it('makes 22 base64url characters (16 random bytes), different each time, valid for the pattern', () => {
    const ids = new Set(Array.from({ length: 50 }, newVisitorId));
    expect(ids.size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isVisitorId(id)).toBe(true);
    }
  });

  it('takes its bytes from crypto.getRandomValues', () => {
    vi.stubGlobal('crypto', {
      getRandomValues: (array: Uint8Array) => array.fill(0xfb),
    });
    expect(newVisitorId()).toBe(encodeBase64Url(new Uint8Array(16).fill(0xfb)));
  });

  it('still makes a valid, varying id without crypto, or when crypto throws', () => {
    vi.stubGlobal('crypto', undefined);
    const without = [newVisitorId(), newVisitorId()];
    vi.stubGlobal('crypto', {
      getRandomValues: () => {
        throw new Error('not allowed');
      },
    });
    const throwing = [newVisitorId(), newVisitorId()];
    for (const id of [...without, ...throwing]) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set([...without, ...throwing]).size).toBe(4);
  });

  it("keeps accepting ids of the script's earlier format (a UUID) that shoppers' cookies hold", () => {
    expect(isVisitorId('3b241101-e2bb-4255-8caf-4136c566a962')).toBe(true);
  });
});
