const ENTRY = /^(\[[^\]\s]+\]|[^:/\s[\]@]+):(\d{1,5})$/;

export function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

/** The `host:port` key a URL is matched against, using the effective port (80/443 by default). */
export function targetKey(url: URL): string {
  return `${url.hostname}:${url.port || defaultPort(url.protocol)}`;
}

function normaliseHost(host: string): string | null {
  try {
    // The WHATWG parser gives the same spelling URLs get (lower case, compressed IPv6,
    // dotted-decimal IPv4), so "[0:0::1]:80" in the list matches "http://[::1]/".
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * Parses `OUTPOST_ALLOWED_TARGETS`: comma-separated `host:port` pairs (IPv6 in brackets) that may
 * be reached even though they are loopback/private. Malformed entries are ignored, so a typo
 * leaves that target refused rather than opening anything wider.
 */
export function parseAllowedTargets(value: string | undefined): Set<string> {
  const allowed = new Set<string>();
  for (const raw of (value ?? '').split(',')) {
    const match = ENTRY.exec(raw.trim().toLowerCase());
    if (!match) continue;
    const host = normaliseHost(match[1]!);
    const port = Number(match[2]);
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) continue;
    allowed.add(`${host}:${port}`);
  }
  return allowed;
}
