import { parseRetryAfter, retryAfterOrDefault } from '@/lib/integrations/shared/retry-after';
import type { Classification } from '@/lib/integrations/types';

const UNKNOWN_WEBHOOK = 10015;

type DiscordError = { message?: unknown; code?: unknown; retry_after?: unknown; global?: unknown; errors?: unknown };

/**
 * Reads an execute-webhook response: null on success, otherwise what the failure means.
 * 404 (10015 Unknown Webhook) and 401/403 mean the webhook is gone or its token is wrong: the
 * connection is broken. 429 waits for `retry_after` (float seconds in the body), falling back to
 * `X-RateLimit-Reset-After` and `Retry-After` (which Discord rounds up to whole seconds).
 */
export function classifyDiscordResponse(
  response: { status: number; headers: Record<string, string>; body: string },
  now: number = Date.now(),
): Classification | null {
  const { status, headers } = response;
  if (status >= 200 && status < 300) return null;
  const error = parseError(response.body);
  const detail = describe(error);
  if (status === 429) {
    const bodyMs = typeof error.retry_after === 'number' && error.retry_after >= 0 ? Math.ceil(error.retry_after * 1000) : null;
    const resetAfter = headers['x-ratelimit-reset-after'];
    const headerMs = resetAfter !== undefined ? parseRetryAfter({ 'x-ratelimit-reset-after': resetAfter }, now) : null;
    const retryAfterMs = bodyMs ?? headerMs ?? retryAfterOrDefault(headers, now);
    return { type: 'rate_limited', retryAfterMs, reason: `Discord rate limit${error.global === true ? ' (global)' : ''} (HTTP 429)` };
  }
  if (status === 408 || status >= 500) return { type: 'retryable', reason: `Discord HTTP ${status}${detail}` };
  if (status === 404 || status === 401 || status === 403) {
    const what = error.code === UNKNOWN_WEBHOOK ? 'the webhook was deleted' : 'the webhook URL is no longer valid';
    return { type: 'permanent', connectionBroken: true, reason: `Discord refused the webhook (${what}): HTTP ${status}${detail}` };
  }
  return { type: 'permanent', reason: `Discord rejected the message: HTTP ${status}${detail}` };
}

function parseError(body: string): DiscordError {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as DiscordError) : {};
  } catch {
    return {};
  }
}

/** " Unknown Webhook (10015)", plus the first field error of an "Invalid Form Body". */
function describe(error: DiscordError): string {
  const parts: string[] = [];
  if (typeof error.message === 'string') parts.push(error.message.slice(0, 200));
  if (typeof error.code === 'number') parts.push(`(${error.code})`);
  const field = firstFieldError(error.errors, []);
  if (field) parts.push(`at ${field}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** Discord nests field errors as {embeds: {0: {description: {_errors: [{message}]}}}}. */
function firstFieldError(tree: unknown, path: string[]): string | null {
  if (typeof tree !== 'object' || tree === null) return null;
  for (const [key, value] of Object.entries(tree)) {
    if (key === '_errors' && Array.isArray(value)) {
      const message = (value[0] as { message?: unknown } | undefined)?.message;
      return `${path.join('.') || '(body)'}: ${typeof message === 'string' ? message.slice(0, 200) : 'invalid'}`;
    }
    const found = firstFieldError(value, [...path, key]);
    if (found) return found;
  }
  return null;
}
