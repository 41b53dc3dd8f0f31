import { describe, expect, it } from 'vitest';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('keeps the statement and the cause but withholds query parameters', () => {
    const cause = new Error('duplicate key value violates unique constraint');
    const error = Object.assign(new Error('Failed query: insert into t values ($1)\nparams: sk_live_secret'), { query: 'insert into t values ($1)', params: ['sk_live_secret'], cause });
    const text = describeError(error);
    expect(text).toContain('duplicate key value');
    expect(text).toContain('insert into t values ($1)');
    expect(text).not.toContain('sk_live_secret');
  });

  it('describes other errors by their stack', () => {
    expect(describeError(new Error('boom'))).toContain('boom');
    expect(describeError('plain')).toBe('plain');
  });
});
