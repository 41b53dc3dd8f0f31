import ipaddr from 'ipaddr.js';

// Where a request came from, for sign-in and sign-up limits. The socket's peer address is stamped
// on the request by instrumentation (PEER_ADDRESS_HEADER, overwriting anything a client sent);
// X-Forwarded-For is believed only as far as it was written by proxies listed in
// OUTPOST_TRUSTED_PROXIES, read from the right: the last entry a trusted proxy did not add is the
// client. A client can prepend whatever it likes; it cannot change what our own proxy appended.

export const PEER_ADDRESS_HEADER = 'x-outpost-peer-address';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parses `OUTPOST_TRUSTED_PROXIES`: comma-separated IPs or CIDRs. Throws naming a bad entry. */
export function parseTrustedProxies(raw: string): Range[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      try {
        if (entry.includes('/')) {
          const [address, bits] = ipaddr.parseCIDR(entry);
          return [normalize(address), address.kind() === 'ipv6' && normalize(address).kind() === 'ipv4' ? bits - 96 : bits] as Range;
        }
        const address = normalize(ipaddr.parse(entry));
        return [address, address.kind() === 'ipv4' ? 32 : 128] as Range;
      } catch {
        throw new Error(`"${entry}" is not an IP address or CIDR range`);
      }
    });
}

function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** A textual address in canonical form (IPv4-mapped IPv6 as IPv4), or null if it is not one. */
export function canonicalAddress(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(trimmed)) return null;
  return normalize(ipaddr.parse(trimmed)).toString();
}

function isTrusted(address: string, ranges: Range[]): boolean {
  const parsed = ipaddr.parse(address);
  return ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
}

let cached: { raw: string; ranges: Range[] } | null = null;
function trustedProxies(): Range[] {
  const raw = process.env.OUTPOST_TRUSTED_PROXIES ?? '';
  if (cached?.raw !== raw) cached = { raw, ranges: parseTrustedProxies(raw) };
  return cached.ranges;
}

/**
 * The client's address: the peer, or — when the peer is a trusted proxy — the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy. Null when nothing usable is known.
 */
export function clientAddress(headers: Headers, ranges: Range[] = trustedProxies()): string | null {
  const peer = canonicalAddress(headers.get(PEER_ADDRESS_HEADER));
  if (!peer) return null;
  if (!isTrusted(peer, ranges)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(hops[i]);
    // Garbage where an address should be: trust stops here, as at any untrusted hop.
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop, ranges)) break;
  }
  return client;
}
