import { describe, expect, it } from 'vitest';
import { classifyXResponse } from './classify';

const now = Date.parse('2025-01-01T00:00:00Z');
const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  classifyXResponse({ status, headers, body: JSON.stringify(body) }, now);

describe('classifyXResponse', () => {
  it('2xx is success', () => expect(answer(201)).toBeNull());
  it('429 waits until x-rate-limit-reset', () => {
    expect(answer(429, { title: 'Too Many Requests' }, { 'x-rate-limit-reset': String(now / 1000 + 120) })).toMatchObject({ type: 'rate_limited', retryAfterMs: 120_000 });
  });
  it('401 is auth_expired', () => expect(answer(401, { detail: 'Unauthorized' })?.type).toBe('auth_expired'));
  it('403 duplicate content is permanent', () => {
    expect(answer(403, { detail: 'You are not allowed to create a Tweet with duplicate content.' })).toMatchObject({
      type: 'permanent',
      reason: expect.stringContaining('duplicate'),
    });
  });
  it('other 403s are permanent', () => expect(answer(403, { detail: 'Forbidden' })?.type).toBe('permanent'));
  it('400 invalid request is permanent with the first error message', () => {
    expect(answer(400, { errors: [{ message: 'Tweet text is too long' }] })).toMatchObject({ type: 'permanent', reason: 'X answered 400: Tweet text is too long' });
  });
  it('5xx is retryable', () => expect([500, 502, 503, 504].map((s) => answer(s)?.type)).toEqual(Array(4).fill('retryable')));
});
