import { describe, expect, it } from 'vitest';
import { classifyHttpResponse } from './classify-http';
import { parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads seconds', () => expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000));
  it('reads an HTTP date', () => expect(parseRetryAfter({ 'retry-after': 'Wed, 01 Jan 2025 00:00:05 GMT' }, now)).toBe(5000));
  it('reads x-rate-limit-reset epoch seconds', () => expect(parseRetryAfter({ 'x-rate-limit-reset': String(now / 1000 + 30) }, now)).toBe(30_000));
  it('is null without headers', () => expect(parseRetryAfter({}, now)).toBeNull());
});

describe('classifyHttpResponse', () => {
  const c = (status: number) => classifyHttpResponse({ status, headers: {} })?.type ?? 'ok';
  it('2xx succeeds', () => expect(c(204)).toBe('ok'));
  it('408, 425, 5xx retry', () => expect([408, 425, 500, 503].map(c)).toEqual(['retryable', 'retryable', 'retryable', 'retryable']));
  it('429 is rate limited', () => expect(c(429)).toBe('rate_limited'));
  it('other 4xx are permanent', () => expect([400, 401, 404, 410].map(c)).toEqual(['permanent', 'permanent', 'permanent', 'permanent']));
});
