import { describe, expect, it } from 'vitest';
import { escapeUnstorable, hasLoneSurrogate, storable } from './storable';

describe('storable', () => {
  it('escapes NUL and lone surrogates, keeps pairs', () => {
    expect(escapeUnstorable('a\u0000b\ud800c\udc00🚀')).toBe('a\\u0000b\\ud800c\\udc00🚀');
    expect(hasLoneSurrogate('🚀')).toBe(false);
    expect(hasLoneSurrogate('\udc00\ud800')).toBe(true);
  });

  it('escapes keys and values at any depth, and cuts nesting beyond 64 levels without recursion', () => {
    expect(storable({ 'k\u0000': ['\ud800', 1, null, true] })).toEqual({ 'k\\u0000': ['\\ud800', 1, null, true] });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const copy = storable(deep);
    expect(() => JSON.stringify(copy)).not.toThrow();
    expect(JSON.stringify(copy)).toContain('nested deeper than 64 levels');
  });
});
