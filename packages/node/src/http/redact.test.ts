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
