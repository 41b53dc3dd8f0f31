import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  it('allows a burst, then answers how long until the next token', () => {
    const buckets = new TokenBuckets(2, 3);
    expect([buckets.take('a', 0), buckets.take('a', 0), buckets.take('a', 0)]).toEqual([null, null, null]);
    expect(buckets.take('a', 0)).toBe(500);
    expect(buckets.take('a', 250)).toBe(250);
  });

  it('refills at the rate, up to the burst', () => {
    const buckets = new TokenBuckets(2, 3);
    for (let i = 0; i < 3; i++) buckets.take('a', 0);
    expect(buckets.take('a', 500)).toBeNull();
    expect(buckets.take('a', 500)).toBe(500);
    // A long pause refills to the burst, not beyond it.
    const afterPause = Array.from({ length: 4 }, () => buckets.take('a', 60_000));
    expect(afterPause).toEqual([null, null, null, 500]);
  });

  it('keeps one bucket per key', () => {
    const buckets = new TokenBuckets(1, 1);
    expect(buckets.take('a', 0)).toBeNull();
    expect(buckets.take('a', 0)).toBe(1000);
    expect(buckets.take('b', 0)).toBeNull();
  });

  it('forgets refilled buckets when it holds too many keys, and still limits the busy ones', () => {
    const buckets = new TokenBuckets(1, 1, 2);
    buckets.take('idle', 0);
    buckets.take('busy', 5_000);
    buckets.take('new', 5_000);
    expect(buckets.size).toBe(2);
    expect(buckets.take('busy', 5_000)).toBe(1000);
  });
});
