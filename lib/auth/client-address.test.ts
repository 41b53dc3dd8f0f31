import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies, PEER_ADDRESS_HEADER } from './client-address';

const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1, ::1');
const request = (peer: string, xff?: string) =>
  new Headers({ [PEER_ADDRESS_HEADER]: peer, ...(xff !== undefined ? { 'x-forwarded-for': xff } : {}) });

describe('clientAddress', () => {
  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.9', '1.2.3.4'), trusted)).toBe('203.0.113.9');
  });
  it('walks X-Forwarded-For from the right, skipping trusted proxies', () => {
    expect(clientAddress(request('127.0.0.1', 'spoofed-by-client, 1.2.3.4, 198.51.100.7, 10.1.2.3'), trusted)).toBe('198.51.100.7');
  });
  it('stops at garbage: the hop before it is the client', () => {
    expect(clientAddress(request('127.0.0.1', '1.2.3.4, not-an-ip'), trusted)).toBe('127.0.0.1');
  });
  it('treats IPv4-mapped IPv6 peers as IPv4', () => {
    expect(clientAddress(request('::ffff:127.0.0.1', '198.51.100.7'), trusted)).toBe('198.51.100.7');
  });
  it('answers null without a stamped peer address', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '1.2.3.4' }), trusted)).toBeNull();
  });
  it('refuses a malformed proxy list naming the entry', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, nope')).toThrow(/"nope"/);
  });
});
