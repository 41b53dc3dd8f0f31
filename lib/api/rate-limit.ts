import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { MemoryBuckets } from '@/lib/rate-limit/memory-buckets';

// Per web process: a Postgres bucket would add a round trip and a row every request of an account
// contends for. Behind N instances an account gets up to N times the limit.
let limiter: MemoryBuckets | null | undefined;

function apiLimiter(): MemoryBuckets | null {
  if (limiter === undefined) {
    const { OUTPOST_API_RATE_LIMIT: perSecond, OUTPOST_API_RATE_BURST: burst } = env();
    limiter = perSecond > 0 ? new MemoryBuckets({ capacity: burst ?? Math.max(1, Math.ceil(perSecond * 2)), refillPerSecond: perSecond }) : null;
  }
  return limiter;
}

/** Counts one API request against the account; throws 429 with Retry-After past its limit. */
export function limitApiRequests(userId: string): void {
  const buckets = apiLimiter();
  const taken = buckets?.take(userId);
  if (!buckets || !taken || taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  const { refillPerSecond, capacity } = buckets.policy;
  throw new AppError(
    'rate_limited',
    `Too many requests: the API allows ${refillPerSecond}/s per account (bursts of ${capacity}); retry after ${seconds} s`,
    [],
    { 'retry-after': String(seconds) },
  );
}
