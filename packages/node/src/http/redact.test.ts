import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretKey, REDACTED } from './redact';

const KEY = 'sk_live_Zx9/Q+w=';
const redact = createRedactor([KEY]);

describe('createRedactor', () => {
  it('redacts apikey in a URL query, keeping the other parameters', () => {
    expect(redact.text('http://aflite.co.uk/data/goals?apikey=whatever&mref=12345')).toBe(
      `http://aflite.co.uk/data/goals?apikey=${REDACTED}&mref=12345`,
    );
    expect(redact.text('http://x/y?mref=1&APIKEY=abc#frag')).toBe(
      `http://x/y?mref=1&APIKEY=${REDACTED}#frag`,
    );
  });

  it('redacts apikey in a form body', () => {
    expect(redact.text('apikey=abc123&mid=m1&value=10.99')).toBe(`apikey=${REDACTED}&mid=m1&value=10.99`);
  });

  it('redacts the known secret wherever it appears, raw and URL-encoded', () => {
    const encoded = encodeURIComponent(KEY);
    const form = new URLSearchParams({ k: KEY }).toString().slice(2);
    const out = redact.text(`raw ${KEY} encoded ${encoded} form ${form}`);
    expect(out).not.toContain(KEY);
    expect(out).not.toContain(encoded);
    expect(out).not.toContain(form);
    expect(out).toBe(`raw ${REDACTED} encoded ${REDACTED} form ${REDACTED}`);
  });

  it('redacts the secret as a network may echo it: lower-case percent-encoding and base64', () => {
    const lower = encodeURIComponent(KEY).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
    expect(lower).toContain('%2b');
    const base64 = Buffer.from(KEY).toString('base64');
    const base64Url = Buffer.from(KEY).toString('base64url');
    expect(base64).not.toBe(base64Url);
    for (const echo of [lower, base64, base64Url, `${base64Url}==`, base64.replace(/=+$/, '')]) {
      const out = redact.text(`{"echo":"${echo}"}`);
      expect(out).toBe(`{"echo":"${REDACTED}"}`);
    }
  });

  it("redacts AvantLink's merchant UUID in a URL, in either case", () => {
    const uuid = '0b1e5f7c-3c4a-4f7e-9a51-2f0d6c7b8e91';
    const byUuid = createRedactor([uuid]);
    const url = `https://client.avantlink.com/merchants/${uuid}/tracking/order`;
    expect(byUuid.text(url)).toBe(`https://client.avantlink.com/merchants/${REDACTED}/tracking/order`);
    expect(byUuid.text(url.toUpperCase())).not.toContain(uuid.toUpperCase());
  });

  it('redacts secret keys of objects deeply, and strings inside them', () => {
    const value = {
      apikey: 'abc',
      nested: { api_key: 'x', note: `key is ${KEY}` },
      list: [{ token: 't' }],
      mid: 'm',
    };
    expect(redact.value(value)).toEqual({
      apikey: REDACTED,
      nested: { api_key: REDACTED, note: `key is ${REDACTED}` },
      list: [{ token: REDACTED }],
      mid: 'm',
    });
    expect(value.apikey).toBe('abc');
  });

  it('redacts URLSearchParams', () => {
    expect(redact.value(new URLSearchParams({ apikey: KEY, mref: '1' }))).toBe(`apikey=${REDACTED}&mref=1`);
  });

  it('leaves numbers, booleans and empty values alone', () => {
    expect(redact.value(5)).toBe(5);
    expect(redact.value(undefined)).toBeUndefined();
    expect(redact.value(null)).toBeNull();
    expect(createRedactor(['']).text('nothing to hide')).toBe('nothing to hide');
  });

  it('knows which keys hold secrets', () => {
    expect(['apikey', 'apiKey', 'api_key', 'auth_key', 'token', 'password'].every(isSecretKey)).toBe(true);
    expect(['mid', 'mref', 'value', 'clickSessionID'].some(isSecretKey)).toBe(false);
  });
});
