import { describe, expect, it } from 'vitest';
import { clientIpOf, isPublicIp, normalizeIp } from './client-ip';

describe('clientIpOf', () => {
  it('believes the shop’s clientIp first', () => {
    expect(clientIpOf('198.51.100.1', { clientIp: '203.0.113.7', remoteAddress: '10.0.0.1' }, true)).toBe(
      '203.0.113.7',
    );
  });

  it('reads the first X-Forwarded-For entry only behind a trusted proxy', () => {
    expect(clientIpOf('198.51.100.1, 10.0.0.2', { remoteAddress: '10.0.0.1' }, true)).toBe('198.51.100.1');
    expect(clientIpOf('198.51.100.1, 10.0.0.2', { remoteAddress: '203.0.113.9' }, false)).toBe('203.0.113.9');
  });

  it.each([
    '127.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.20',
    '169.254.1.1',
    'fe80::1%eth0',
    'fd12::5',
    '100.64.0.1',
  ])(
    'never takes the TCP peer %s (a local proxy or the server’s own network: AvantLink wants the shopper’s IP)',
    (remoteAddress) => {
      expect(clientIpOf(null, { remoteAddress }, false)).toBeUndefined();
      expect(clientIpOf('10.1.1.1', { remoteAddress }, true)).toBeUndefined();
    },
  );

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

describe('isPublicIp', () => {
  it('refuses loopback, private, shared, link-local and unspecified ranges, and takes the rest', () => {
    for (const ip of [
      '0.0.0.0',
      '127.8.9.1',
      '10.255.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.0.9',
      '100.127.0.1',
      '::',
      '::1',
      'fe80::1',
      'FEBF::1',
      'fc00::1',
      'fdff::1',
    ]) {
      expect(isPublicIp(ip), ip).toBe(false);
    }
    for (const ip of [
      '203.0.113.7',
      '172.32.0.1',
      '172.15.0.1',
      '100.128.0.1',
      '8.8.8.8',
      '2001:db8::1',
      '2606:4700::1111',
    ]) {
      expect(isPublicIp(ip), ip).toBe(true);
    }
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
