import { retryAfterOrDefault } from '@/lib/integrations/shared/retry-after';
import type { Classification } from '@/lib/integrations/types';
import { parseJson } from './x-http';

/** The human part of an X API v2 error: problem `detail`, else the first `errors[].message`. */
export function xErrorMessage(body: string): string | undefined {
  const parsed = parseJson(body);
  if (!parsed || typeof parsed !== 'object') return undefined;
  const problem = parsed as { detail?: unknown; errors?: Array<{ message?: unknown }> };
  const first = problem.errors?.[0]?.message;
  if (typeof first === 'string' && first) return first;
  return typeof problem.detail === 'string' ? problem.detail : undefined;
}

/**
 * X's answers (DESIGN §4): 429 waits until `x-rate-limit-reset`; 401 means the access token is no
 * good (the caller refreshes first, so here it is final); 403 duplicate content and other 4xx never
 * succeed on retry; 5xx retry. Null for 2xx.
 */
export function classifyXResponse(response: { status: number; headers: Record<string, string>; body: string }, now = Date.now()): Classification | null {
  const { status } = response;
  if (status >= 200 && status < 300) return null;
  const message = xErrorMessage(response.body);
  const reason = `X answered ${status}${message ? `: ${message}` : ''}`;
  if (status === 429) return { type: 'rate_limited', retryAfterMs: retryAfterOrDefault(response.headers, now), reason };
  if (status === 401) return { type: 'auth_expired', reason: `${reason} (the access token was rejected; reconnect the X account)` };
  if (status === 403 && /duplicate/i.test(message ?? '')) {
    return { type: 'permanent', reason: `${reason} (X refuses to post the same text twice)` };
  }
  if (status === 408 || status >= 500) return { type: 'retryable', reason };
  return { type: 'permanent', reason };
}
