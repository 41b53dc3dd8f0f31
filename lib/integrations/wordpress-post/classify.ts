import { retryAfterOrDefault } from '@/lib/integrations/shared/retry-after';
import type { Classification } from '@/lib/integrations/types';
import { parseJson } from './wp-http';

/** WordPress REST errors are `{code, message, data: {status}}`; plugins and proxies may send HTML. */
export function wpError(body: string): { code?: string; message?: string; data?: Record<string, unknown> } {
  const parsed = parseJson(body);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  const { code, message, data } = parsed as Record<string, unknown>;
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(data && typeof data === 'object' ? { data: data as Record<string, unknown> } : {}),
  };
}

/**
 * DESIGN §4 WordPress. Application passwords never expire, so a 401 (`incorrect_password`,
 * `invalid_username`, `rest_not_logged_in`) means the password was revoked or the user changed:
 * classified `auth_expired`, which fails the task without retrying and marks the connection
 * `needs_reauth` — the person must paste a new password, and no retry can fix that.
 * 403 (`rest_cannot_create`: the user's role may not) and 400 (`rest_invalid_param`) never succeed
 * on retry; 429 waits for Retry-After; 408 and 5xx retry.
 */
export function classifyWpResponse(response: { status: number; headers: Record<string, string>; body: string }, now = Date.now()): Classification | null {
  const { status } = response;
  if (status >= 200 && status < 300) return null;
  const { code, message } = wpError(response.body);
  const reason = `WordPress answered ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (status === 429) return { type: 'rate_limited', retryAfterMs: retryAfterOrDefault(response.headers, now), reason };
  if (status === 401) {
    return { type: 'auth_expired', reason: `${reason} (the application password was revoked or the user changed; update the connection)` };
  }
  if (status === 403) return { type: 'permanent', reason: `${reason} (the WordPress user lacks the permission)` };
  if (status === 408 || status >= 500) return { type: 'retryable', reason };
  if (status >= 300 && status < 400) {
    const to = response.headers.location ? ` to ${response.headers.location}` : '';
    return { type: 'permanent', reason: `WordPress redirected${to}; update the site URL of the connection` };
  }
  return { type: 'permanent', reason };
}
