import ipaddr from 'ipaddr.js';
import { classifyAddress, REFUSAL_SUFFIX, refusalReason } from './address-policy';
import { targetKey } from './allowed-targets';

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export type TargetInspection =
  | {
      ok: true;
      url: URL;
      /** `host:port` with the effective port. */
      key: string;
      /** The key is listed in the allowed targets, so address checks are skipped. */
      allowed: boolean;
      /** Set when the host is an IP literal (without brackets): nothing to resolve. */
      ipLiteral: string | null;
    }
  | { ok: false; code: 'invalid_url' | 'blocked_address'; reason: string };

const MAX_URL_LENGTH = 8192;

function isLocalhostName(hostname: string): boolean {
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  return name === 'localhost' || name.endsWith('.localhost');
}

function ipLiteralOf(hostname: string): string | null {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return hostname.slice(1, -1);
  // The URL parser has already turned decimal, octal and hex IPv4 spellings into dotted decimal.
  return ipaddr.IPv4.isValidFourPartDecimal(hostname) ? hostname : null;
}

/** Full create-time/fetch-time inspection of a target URL; `checkTargetUrl` is its public face. */
export function inspectTargetUrl(raw: string, allowedTargets: Set<string>): TargetInspection {
  if (raw.length > MAX_URL_LENGTH) {
    return { ok: false, code: 'invalid_url', reason: `URL is longer than ${MAX_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'invalid_url', reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      code: 'invalid_url',
      reason: `only http and https URLs are allowed (got ${url.protocol.replace(/:$/, '')})`,
    };
  }
  if (url.username || url.password) {
    return {
      ok: false,
      code: 'invalid_url',
      reason: 'URLs must not contain a user name or password; keep credentials in a connection',
    };
  }
  if (!url.hostname) {
    return { ok: false, code: 'invalid_url', reason: 'URL has no host' };
  }

  const key = targetKey(url);
  const allowed = allowedTargets.has(key);
  const ipLiteral = ipLiteralOf(url.hostname);
  if (!allowed) {
    if (isLocalhostName(url.hostname)) {
      return {
        ok: false,
        code: 'blocked_address',
        reason: `${url.hostname} is a loopback host name; ${REFUSAL_SUFFIX}`,
      };
    }
    if (ipLiteral !== null) {
      const verdict = classifyAddress(ipLiteral);
      if (!verdict.public) {
        return { ok: false, code: 'blocked_address', reason: refusalReason(ipLiteral, verdict) };
      }
    }
  }
  return { ok: true, url, key, allowed, ipLiteral };
}

/**
 * Synchronous check for URLs users save (connections, HTTP tasks): scheme, credentials and
 * literal non-public hosts. Host names are only judged when `safeFetch` resolves them.
 */
export function checkTargetUrl(url: string, allowed: Set<string>): UrlCheck {
  const inspection = inspectTargetUrl(url, allowed);
  return inspection.ok ? { ok: true, url: inspection.url } : { ok: false, reason: inspection.reason };
}
