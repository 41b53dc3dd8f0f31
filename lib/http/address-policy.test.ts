import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress } from './address-policy';

describe('isPublicAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'])(
    'accepts the public address %s',
    (ip) => {
      expect(isPublicAddress(ip)).toBe(true);
    },
  );

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
  ])('refuses the IPv4 address %s (%s)', (ip, labelPart) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(classifyAddress(ip).label).toContain(labelPart);
  });

  it.each([
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['fec0::1', 'site-local'],
    ['100::1', 'discard'],
    ['4000::1', 'unallocated'],
  ])('refuses the IPv6 address %s (%s)', (ip, labelPart) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(classifyAddress(ip).label).toContain(labelPart);
  });

  it.each([
    ['::ffff:127.0.0.1', 'IPv4-mapped form of 127.0.0.1, a loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped form of 127.0.0.1'],
    ['::ffff:169.254.169.254', 'IPv4-mapped form of 169.254.169.254'],
    ['::ffff:10.1.2.3', 'IPv4-mapped form of 10.1.2.3, a private'],
    ['::127.0.0.1', 'IPv4-compatible form of 127.0.0.1'],
    ['::10.0.0.1', 'IPv4-compatible form of 10.0.0.1'],
    ['2002:7f00:1::1', '6to4 form of 127.0.0.1'],
    ['2002:a9fe:a9fe::', '6to4 form of 169.254.169.254'],
    ['64:ff9b::127.0.0.1', 'NAT64 form of 127.0.0.1'],
    ['64:ff9b::10.0.0.1', 'NAT64 form of 10.0.0.1'],
    ['64:ff9b:1::a00:1', 'local-use NAT64'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated form of 127.0.0.1'],
  ])('refuses %s, an IPv6 form of a refused IPv4 range', (ip, labelPart) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(classifyAddress(ip).label).toContain(labelPart);
  });

  it('accepts IPv4-mapped, 6to4 and NAT64 forms of a public IPv4 address', () => {
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
    expect(isPublicAddress('2002:808:808::1')).toBe(true);
    expect(isPublicAddress('64:ff9b::8.8.8.8')).toBe(true);
  });

  it('refuses the deprecated IPv4-compatible form even of a public address', () => {
    expect(isPublicAddress('::8.8.8.8')).toBe(false);
  });

  it('refuses strings that are not IP addresses', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
    expect(isPublicAddress('999.1.1.1')).toBe(false);
  });

  it('refuses non-canonical IPv4 spellings of loopback', () => {
    expect(isPublicAddress('2130706433')).toBe(false);
    expect(isPublicAddress('0x7f.1')).toBe(false);
    expect(isPublicAddress('0177.0.0.1')).toBe(false);
  });
});
