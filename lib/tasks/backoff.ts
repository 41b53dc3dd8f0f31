import { env } from '@/lib/env';
/**
 * Delay before attempt `attempt + 1` after `attempt` failed: exponential with full jitter on the
 * upper half, so 8 attempts spread over about an hour by default (30 s, 1, 2, 4, 8, 16, 32 min).
 * OUTPOST_RETRY_BASE_MS scales it (tests use a few hundred ms).
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const { OUTPOST_RETRY_BASE_MS: base, OUTPOST_RETRY_MAX_MS: max } = env();
  const exp = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
