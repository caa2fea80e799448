import { describe, expect, it } from 'vitest';
import { clientIpOf, normalizeIp } from './client-ip';

describe('clientIpOf', () => {
  it('believes the shop’s clientIp first', () => {
    expect(clientIpOf('198.51.100.1', { clientIp: '203.0.113.7', remoteAddress: '10.0.0.1' }, true)).toBe(
      '203.0.113.7',
    );
  });

  it('reads the first X-Forwarded-For entry only behind a trusted proxy', () => {
    expect(clientIpOf('198.51.100.1, 10.0.0.2', { remoteAddress: '10.0.0.1' }, true)).toBe('198.51.100.1');
    expect(clientIpOf('198.51.100.1, 10.0.0.2', { remoteAddress: '10.0.0.1' }, false)).toBe('10.0.0.1');
  });

  it('falls back to the TCP peer, unwrapping IPv4-mapped addresses', () => {
    expect(clientIpOf(null, { remoteAddress: '::ffff:203.0.113.7' }, false)).toBe('203.0.113.7');
  });

  it('skips values that are no IP address', () => {
    expect(clientIpOf('unknown', { clientIp: 'not an ip', remoteAddress: '2001:db8::1' }, true)).toBe(
      '2001:db8::1',
    );
    expect(clientIpOf(undefined, {}, false)).toBeUndefined();
  });
});

describe('normalizeIp', () => {
  it('accepts IPv4 and IPv6 and refuses the rest', () => {
    expect(normalizeIp(' 192.0.2.1 ')).toBe('192.0.2.1');
    expect(normalizeIp('fe80::1%eth0')).toBe('fe80::1%eth0');
    expect(normalizeIp('256.1.1.1')).toBeUndefined();
    expect(normalizeIp('1.2.3')).toBeUndefined();
    expect(normalizeIp('<script>')).toBeUndefined();
  });
});
