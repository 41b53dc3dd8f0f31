import ipaddr from 'ipaddr.js';

export const REFUSAL_SUFFIX =
  'outbound requests to private, loopback, link-local and reserved addresses are refused';

export type AddressVerdict = {
  /** True only for globally routable unicast addresses. */
  public: boolean;
  /** Noun phrase for messages, e.g. "a loopback address". */
  label: string;
};

const IPV4_LABELS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  reserved: 'a reserved address',
  as112: 'a reserved (AS112) address',
  amt: 'a reserved (AMT) address',
};

const IPV6_LABELS: Record<string, string> = {
  unspecified: 'an unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'a private (unique local) address',
  deprecatedSiteLocal: 'a private (site-local) address',
  discard: 'a reserved (discard) address',
  teredo: 'a Teredo tunnel address',
  benchmarking: 'a benchmarking address',
  amt: 'a reserved (AMT) address',
  as112v6: 'a reserved (AS112) address',
  deprecatedOrchid: 'a reserved (ORCHID) address',
  orchid2: 'a reserved (ORCHID) address',
  droneRemoteIdProtocolEntityTags: 'a reserved address',
  segmentRouting: 'a reserved (segment routing) address',
  reserved: 'a reserved address',
};

const METADATA_IPV4 = '169.254.169.254';
// Every global unicast IPv6 address lives in 2000::/3; the rest is unallocated or special.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

function stripBrackets(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

function classifyV4(addr: ipaddr.IPv4): AddressVerdict {
  const range = addr.range();
  if (range === 'unicast') return { public: true, label: 'a public address' };
  if (addr.toString() === METADATA_IPV4) {
    return { public: false, label: 'a link-local address (cloud metadata service)' };
  }
  return { public: false, label: IPV4_LABELS[range] ?? 'a reserved address' };
}

function v4FromParts(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** Judges an IPv6 address whose meaning is "this IPv4 address" by the embedded IPv4 address. */
function classifyEmbedded(form: string, embedded: ipaddr.IPv4): AddressVerdict {
  const inner = classifyV4(embedded);
  if (inner.public) return inner;
  return { public: false, label: `${form} of ${embedded.toString()}, ${inner.label}` };
}

function classifyV6(addr: ipaddr.IPv6): AddressVerdict {
  const range = addr.range();
  const p = addr.parts;
  const at = (i: number): number => p[i] ?? 0;

  switch (range) {
    case 'ipv4Mapped':
      return classifyEmbedded('an IPv4-mapped form', v4FromParts(at(6), at(7)));
    case '6to4':
      return classifyEmbedded('a 6to4 form', v4FromParts(at(1), at(2)));
    case 'rfc6052':
      // Only the well-known /96 prefix has a fixed place for the IPv4 part; the local-use
      // prefix 64:ff9b:1::/48 is a private translator and is refused outright.
      if (addr.match(NAT64_WELL_KNOWN)) {
        return classifyEmbedded('a NAT64 form', v4FromParts(at(6), at(7)));
      }
      return { public: false, label: 'a private (local-use NAT64) address' };
    case 'rfc6145': {
      // Not routable as such, so refused even when the IPv4 part is public.
      const inner = classifyEmbedded('an IPv4-translated form', v4FromParts(at(6), at(7)));
      return inner.public ? { public: false, label: 'an IPv4-translated address' } : inner;
    }
    case 'unicast':
      break;
    default:
      return { public: false, label: IPV6_LABELS[range] ?? 'a reserved address' };
  }

  // Deprecated IPv4-compatible addresses (::a.b.c.d) look "unicast" to ipaddr.js.
  if (p.slice(0, 6).every((part) => part === 0)) {
    const inner = classifyEmbedded('an IPv4-compatible form', v4FromParts(at(6), at(7)));
    return inner.public ? { public: false, label: 'a reserved (IPv4-compatible) address' } : inner;
  }
  if (!addr.match(GLOBAL_UNICAST_V6)) {
    return { public: false, label: 'a reserved (unallocated) address' };
  }
  return { public: true, label: 'a public address' };
}

/**
 * ipaddr.js reads "::127.0.0.1" as the IPv4-mapped ::ffff:7f00:1, whereas it is the IPv4-compatible
 * ::7f00:1; the WHATWG URL parser (what connections actually use) gets it right.
 */
function canonicalIPv6(text: string): string {
  const withoutZone = text.split('%')[0] ?? text;
  try {
    return new URL(`http://[${withoutZone}]/`).hostname.slice(1, -1);
  } catch {
    return text;
  }
}

/** Classifies an IP address string (IPv6 may be bracketed); anything unparseable is not public. */
export function classifyAddress(ip: string): AddressVerdict {
  const text = stripBrackets(ip.trim());
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(text.includes(':') ? canonicalIPv6(text) : text);
  } catch {
    return { public: false, label: 'not a valid IP address' };
  }
  return addr.kind() === 'ipv4'
    ? classifyV4(addr as ipaddr.IPv4)
    : classifyV6(addr as ipaddr.IPv6);
}

export function isPublicAddress(ip: string): boolean {
  return classifyAddress(ip).public;
}

/** "127.0.0.1 is a loopback address; outbound requests to … are refused" */
export function refusalReason(ip: string, verdict: AddressVerdict): string {
  return `${ip} is ${verdict.label}; ${REFUSAL_SUFFIX}`;
}
