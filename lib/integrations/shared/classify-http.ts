import { isOutboundError } from '@/lib/http/errors';
import type { Classification } from '@/lib/integrations/types';
import { retryAfterOrDefault } from './retry-after';

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The generic reading of an HTTP response (DESIGN §4 Generic HTTP): 2xx succeeds (null here);
 * 429 waits for Retry-After / reset headers; 408, 425 and 5xx retry; other statuses fail for good.
 */
export function classifyHttpResponse(
  response: { status: number; headers: Record<string, string> },
  now: number = Date.now(),
): Classification | null {
  const { status } = response;
  if (status >= 200 && status < 300) return null;
  if (status === 429) {
    return { type: 'rate_limited', retryAfterMs: retryAfterOrDefault(response.headers, now), reason: 'HTTP 429 Too Many Requests' };
  }
  if (RETRYABLE_STATUSES.has(status) || status >= 500) return { type: 'retryable', reason: `HTTP ${status}` };
  if (status >= 300 && status < 400) return { type: 'permanent', reason: `HTTP ${status}: redirect not followed` };
  return { type: 'permanent', reason: `HTTP ${status}` };
}

/** Transport failures: timeouts, DNS and network errors retry; refused targets never will succeed. */
export function classifyTransportError(error: unknown): Classification {
  if (isOutboundError(error)) {
    return error.retryable ? { type: 'retryable', reason: error.message } : { type: 'permanent', reason: error.message };
  }
  return { type: 'retryable', reason: error instanceof Error ? error.message : 'request failed' };
}
