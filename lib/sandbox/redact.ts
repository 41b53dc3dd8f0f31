import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// The sandbox records what Outpost sends; Outpost's credentials must not show up in that record.
// A redacted value keeps a short fingerprint so a test can still check *which* secret arrived.

const SECRET_HEADER = /authorization|cookie|token|secret|api[-_]?key|passw|credential|session/i;
const SECRET_FIELD = /token|secret|passw|credential|api[-_]?key|private[-_]?key|code[-_]?verifier|^code$|^key$/i;
const SECRET_VALUE = /^(bearer|basic|token)\s+\S|^xox[a-z]-|^xapp-/i;

/** `[REDACTED sha256:1a2b3c4d]`: the first 8 hex digits of the value's SHA-256. */
export function redactedFingerprint(value: string): string {
  return `[REDACTED sha256:${createHash('sha256').update(value).digest('hex').slice(0, 8)}]`;
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    out[name] = SECRET_HEADER.test(name) || SECRET_VALUE.test(value) ? redactedFingerprint(value) : value;
  }
  return out;
}

export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      SECRET_FIELD.test(key) && (typeof item === 'string' || typeof item === 'number')
        ? redactedFingerprint(String(item))
        : redactFields(item, depth + 1);
  }
  return out;
}

export function redactQuery(params: URLSearchParams): Record<string, string> {
  return redactFields(Object.fromEntries(params)) as Record<string, string>;
}

// Webhook URLs carry their secret in the path.
const SECRET_PATHS: RegExp[] = [
  /^(\/slack\/services\/[^/]+\/[^/]+\/)[^/]+/,
  /^(\/discord\/api(?:\/v\d+)?\/webhooks\/[^/]+\/)[^/]+/,
];

export function redactPath(path: string): string {
  for (const pattern of SECRET_PATHS) {
    const match = pattern.exec(path);
    if (match?.[1]) return match[1] + '[REDACTED]' + path.slice(match[0].length);
  }
  return path;
}

export function describeAuth(headers: IncomingHttpHeaders): { scheme: string; username?: string } | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const [scheme = '', credentials = ''] = value.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() !== 'basic') return { scheme };
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { scheme, username: decoded.slice(0, colon) } : { scheme };
}
