import { describe, expect, it } from 'vitest';
import { requestHash } from './hash';

describe('requestHash', () => {
  it('ignores key order and idempotencyKey', () => {
    expect(requestHash({ a: 1, b: [{ x: 1, y: 2 }], idempotencyKey: 'k1' })).toBe(requestHash({ b: [{ y: 2, x: 1 }], a: 1 }));
    expect(requestHash({ a: [1, 2] })).not.toBe(requestHash({ a: [2, 1] }));
  });

  it('hashes a value nested 200,000 levels deep without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: [deep] };
    expect(requestHash({ input: deep })).toMatch(/^[0-9a-f]{64}$/);
  });
});
