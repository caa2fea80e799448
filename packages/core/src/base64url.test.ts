import { describe, expect, it } from 'vitest';
import { decodeBase64Url, encodeBase64Url } from './base64url';
import * as core from './index';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('base64url (one encoder in core)', () => {
  it('is exported from the root entry', () => {
    expect(core.encodeBase64Url).toBe(encodeBase64Url);
    expect(core.decodeBase64Url).toBe(decodeBase64Url);
  });

  it('writes - and _ for + and /, and no padding (RFC 4648 §5)', () => {
    expect(encodeBase64Url(bytes(251, 255))).toBe('-_8');
    expect(encodeBase64Url(bytes())).toBe('');
    expect(encodeBase64Url(bytes(0))).toBe('AA');
    expect(encodeBase64Url(bytes(0, 0, 0))).toBe('AAAA');
  });

  it("agrees with Node's own base64url on random bytes of every length up to 64", () => {
    for (let length = 0; length <= 64; length++) {
      const random = crypto.getRandomValues(new Uint8Array(length));
      const encoded = encodeBase64Url(random);
      expect(encoded).toBe(Buffer.from(random).toString('base64url'));
      expect(decodeBase64Url(encoded)).toEqual(random);
    }
  });

  it('decodes only the canonical spelling: no padding, no + or /, no white space, no spare bits set', () => {
    expect(decodeBase64Url('-_8')).toEqual(bytes(251, 255));
    for (const text of ['-_8=', '+/8', '-_ 8', '-_9', 'A', '!!!!'])
      expect(decodeBase64Url(text)).toBeUndefined();
  });
});
