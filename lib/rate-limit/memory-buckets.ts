import type { BucketPolicy, TakeResult } from './token-bucket';

type Bucket = { tokens: number; at: number };

/**
 * The buckets of `takeToken`, held in this process's memory instead of Postgres: no round trip
 * and no contended row per take, but not shared between processes.
 */
export class MemoryBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly policy: BucketPolicy,
    private readonly maxKeys = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one token from `key`'s bucket, refilled by the time elapsed since its last take. */
  take(key: string, now = performance.now()): TakeResult {
    const { capacity, refillPerSecond } = this.policy;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.forgetFull(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / refillPerSecond) * 1000) };
  }

  /** Drops buckets that have refilled: forgetting them changes nothing. */
  private forgetFull(now: number): void {
    const { capacity, refillPerSecond } = this.policy;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * refillPerSecond >= capacity) this.buckets.delete(key);
    }
  }
}
