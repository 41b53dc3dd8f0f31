export const REDACTED = '[redacted]';

const EXCERPT_BYTES = 2048;

const SENSITIVE_HEADER_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);
const SENSITIVE_HEADER_PARTS = ['token', 'secret', 'key', 'signature', 'password', 'auth', 'cookie', 'session', 'credential'];

// Field names in JSON or form bodies whose values are credentials (OAuth token requests, etc.).
const SENSITIVE_FIELD =
  /token|secret|passw|signature|authorization|cookie|credential|api[-_]?key|private[-_]?key|code[-_]?verifier|^key$|^code$/i;
const SENSITIVE_QUERY_KEY = /token|secret|passw|signature|^sig$|auth|key|credential|^code$/i;

// Chat webhook URLs carry their secret in the path: /services/T…/B…/<secret>, /webhooks/<id>/<token>.
const WEBHOOK_PATHS = [/\/services\/[^/]+\/[^/]+\/[^/]+\/?$/, /\/webhooks\/[^/]+\/[^/]+\/?$/];

export function isSensitiveHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return SENSITIVE_HEADER_NAMES.has(lower) || SENSITIVE_HEADER_PARTS.some((part) => lower.includes(part));
}

/** Keeps every header name; replaces the values of credential-bearing headers. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSensitiveHeaderName(name) ? REDACTED : value;
  }
  return out;
}

/** Heuristic for opaque credentials: long, token alphabet only, letters and digits mixed. */
export function looksLikeToken(value: string): boolean {
  return (
    value.length >= 16 &&
    /^[A-Za-z0-9_\-.~+/=%]+$/.test(value) &&
    /[0-9]/.test(value) &&
    /[A-Za-z]/.test(value)
  );
}

/** "abcdef…9f" → "…9f": enough to tell two secrets apart, too little to use one. */
function maskValue(value: string): string {
  return value.length >= 8 ? `…${value.slice(-2)}` : '…';
}

function maskQuery(url: URL, maskAll: boolean): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    const secret = maskAll
      ? !/^(true|false|\d{1,6})$/i.test(value)
      : SENSITIVE_QUERY_KEY.test(key) || looksLikeToken(value);
    parts.push(`${encodeURIComponent(key)}=${secret ? maskValue(value) : encodeURIComponent(value)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Masks the last path segment (the webhook secret of Slack/Discord-style URLs) and secret-looking
 * query values, drops user info and fragment: "https://hooks.slack.com/services/T0A/B0X/…9f".
 * Used for connection hints.
 */
export function maskSecretPath(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return '[invalid URL]';
  const segments = parsed.pathname.split('/');
  const last = segments.findLastIndex((segment) => segment !== '');
  if (last >= 0) segments[last] = maskValue(safeDecode(segments[last]!));
  return `${parsed.origin}${segments.join('/')}${maskQuery(parsed, true)}`;
}

/** URL safe to store: no user info or fragment, webhook secrets and token-like values masked. */
export function redactUrl(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed) return '[invalid URL]';
  const isWebhook = WEBHOOK_PATHS.some((pattern) => pattern.test(parsed.pathname));
  const segments = parsed.pathname.split('/');
  const last = segments.findLastIndex((segment) => segment !== '');
  const masked = segments.map((segment, index) => {
    const decoded = safeDecode(segment);
    return (isWebhook && index === last) || looksLikeToken(decoded) ? maskValue(decoded) : segment;
  });
  return `${parsed.origin}${masked.join('/')}${maskQuery(parsed, false)}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function redactJsonValue(value: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const result = redactJsonValue(item);
      changed ||= result.changed;
      return result.value;
    });
    return { value: items, changed };
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (SENSITIVE_FIELD.test(key) && inner !== null && typeof inner !== 'object') {
        out[key] = REDACTED;
        changed = true;
      } else {
        const result = redactJsonValue(inner);
        changed ||= result.changed;
        out[key] = result.value;
      }
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

/** Replaces credential fields in JSON and form-encoded bodies; other text is returned as is. */
export function redactBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const result = redactJsonValue(JSON.parse(trimmed));
      return result.changed ? JSON.stringify(result.value) : text;
    } catch {
      return text;
    }
  }
  if (/^[^\s=&]+=[^\s&]*(&[^\s=&]+=[^\s&]*)*$/.test(trimmed)) {
    const params = new URLSearchParams(trimmed);
    let changed = false;
    for (const key of new Set(params.keys())) {
      if (SENSITIVE_FIELD.test(key)) {
        params.set(key, REDACTED);
        changed = true;
      }
    }
    return changed ? params.toString() : text;
  }
  return text;
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

export type RequestSummaryInput = {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer | null;
};

export type RequestSummary = {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyBytes: number;
  bodyExcerpt: string;
};

/** What a task attempt may store about an outbound request: no credentials, bounded size. */
export function summarizeRequest(request: RequestSummaryInput): RequestSummary {
  const body = request.body ?? '';
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    url: redactUrl(request.url),
    headers: redactHeaders(request.headers ?? {}),
    bodyBytes: Buffer.byteLength(body),
    bodyExcerpt: truncateUtf8(redactBody(text), EXCERPT_BYTES),
  };
}
