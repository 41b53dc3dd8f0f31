import { retryAfterOrDefault } from '@/lib/integrations/shared/retry-after';
import type { Classification } from '@/lib/integrations/types';

// Slack answers webhook errors in plain text (https://api.slack.com/messaging/webhooks#handling_errors).
// These mean the webhook or its channel is gone: no retry will help, and the connection is broken.
const BROKEN_STATUSES = new Set([403, 404, 410]);

/** Reads a webhook response: null on success, otherwise what the failure means for the task. */
export function classifySlackResponse(
  response: { status: number; headers: Record<string, string>; body: string },
  now: number = Date.now(),
): Classification | null {
  const { status } = response;
  const code = errorCode(response.body);
  if (status >= 200 && status < 300) return null;
  if (status === 429) {
    return { type: 'rate_limited', retryAfterMs: retryAfterOrDefault(response.headers, now), reason: `Slack rate limit (HTTP 429${code ? ` ${code}` : ''})` };
  }
  if (status === 408 || status >= 500) return { type: 'retryable', reason: `Slack HTTP ${status}${code ? ` ${code}` : ''}` };
  if (BROKEN_STATUSES.has(status)) {
    return { type: 'permanent', connectionBroken: true, reason: `Slack refused the webhook: HTTP ${status} ${code || 'error'}` };
  }
  // 400 invalid_payload / invalid_blocks / no_text and anything else: the message itself is at fault.
  return { type: 'permanent', reason: `Slack rejected the message: HTTP ${status} ${code || 'error'}` };
}

/** Slack's error code (`channel_is_archived`…), or a short excerpt of an unexpected body. */
function errorCode(body: string): string {
  const trimmed = body.trim();
  return /^[a-z_]{1,64}$/.test(trimmed) ? trimmed : trimmed.slice(0, 120);
}
