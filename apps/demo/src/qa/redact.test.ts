import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from './redact';

describe('redaction for the console', () => {
  it('hides secret-named fields at any depth, and keeps everything else', () => {
    const value = {
      apikey: 'k-1',
      mid: 'm',
      nested: [{ APIKEY: 'k-2', cookie: 'ar_attr=x', value: '9.15' }],
    };
    expect(redactValue(value)).toEqual({
      apikey: REDACTED,
      mid: 'm',
      nested: [{ APIKEY: REDACTED, cookie: REDACTED, value: '9.15' }],
    });
    expect(value.apikey, 'the original is untouched').toBe('k-1');
  });

  it('hides apikey in form bodies, query strings and URLs', () => {
    expect(redactText('apikey=k-1&mid=m')).toBe('apikey=(hidden)&mid=m');
    expect(redactText('/data/goals?mref=1&apikey=k-1')).toBe('/data/goals?mref=1&apikey=(hidden)');
    expect(redactValue('GET http://aflite.test/data/goals?apikey=abc')).toBe(
      'GET http://aflite.test/data/goals?apikey=(hidden)',
    );
    expect(redactText('mapikey=1')).toBe('mapikey=1');
  });
});
