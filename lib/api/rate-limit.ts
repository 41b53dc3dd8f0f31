import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

type Bucket = { tokens: number; at: number };

/**
 * Token buckets in memory: `perSecond` requests a second per key, bursts of up to `burst`.
 * Kept per web process, so no request pays a database round trip for it; behind N instances an
 * account gets up to N times the limit.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly maxKeys = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes a token for `key`: null when there was one, otherwise the ms until one frees. */
  take(key: string, now = performance.now()): number | null {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.forgetFull(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }

  /** Drops buckets that have refilled: forgetting them changes nothing. */
  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

let limiter: TokenBuckets | null | undefined;

function apiLimiter(): TokenBuckets | null {
  if (limiter === undefined) {
    const { OUTPOST_API_RATE_LIMIT: perSecond, OUTPOST_API_RATE_BURST: burst } = env();
    limiter = perSecond > 0 ? new TokenBuckets(perSecond, burst ?? Math.max(1, Math.ceil(perSecond * 2))) : null;
  }
  return limiter;
}

/** Counts one API request against the account; throws 429 with Retry-After past its limit. */
export function limitApiRequests(userId: string): void {
  const buckets = apiLimiter();
  const waitMs = buckets?.take(userId);
  if (!buckets || waitMs == null) return;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new AppError(
    'rate_limited',
    `Too many requests: the API allows ${buckets.perSecond}/s per account (bursts of ${buckets.burst}); retry after ${seconds} s`,
    [],
    { 'retry-after': String(seconds) },
  );
}
