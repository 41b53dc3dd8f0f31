import { describe, expect, it } from 'vitest';
import { MemoryBuckets } from './memory-buckets';

const limited = (retryAfterMs: number) => ({ ok: false, retryAfterMs });
const ok = { ok: true };

describe('MemoryBuckets', () => {
  it('allows a burst, then answers how long until the next token', () => {
    const buckets = new MemoryBuckets({ capacity: 3, refillPerSecond: 2 });
    expect([buckets.take('a', 0), buckets.take('a', 0), buckets.take('a', 0)]).toEqual([ok, ok, ok]);
    expect(buckets.take('a', 0)).toEqual(limited(500));
    expect(buckets.take('a', 250)).toEqual(limited(250));
  });

  it('refills at the rate, up to the capacity', () => {
    const buckets = new MemoryBuckets({ capacity: 3, refillPerSecond: 2 });
    for (let i = 0; i < 3; i++) buckets.take('a', 0);
    expect(buckets.take('a', 500)).toEqual(ok);
    expect(buckets.take('a', 500)).toEqual(limited(500));
    // A long pause refills to the capacity, not beyond it.
    const afterPause = Array.from({ length: 4 }, () => buckets.take('a', 60_000));
    expect(afterPause).toEqual([ok, ok, ok, limited(500)]);
  });

  it('keeps one bucket per key', () => {
    const buckets = new MemoryBuckets({ capacity: 1, refillPerSecond: 1 });
    expect(buckets.take('a', 0)).toEqual(ok);
    expect(buckets.take('a', 0)).toEqual(limited(1000));
    expect(buckets.take('b', 0)).toEqual(ok);
  });

  it('forgets refilled buckets when it holds too many keys, and still limits the busy ones', () => {
    const buckets = new MemoryBuckets({ capacity: 1, refillPerSecond: 1 }, 2);
    buckets.take('idle', 0);
    buckets.take('busy', 5_000);
    buckets.take('new', 5_000);
    expect(buckets.size).toBe(2);
    expect(buckets.take('busy', 5_000)).toEqual(limited(1000));
  });
});
