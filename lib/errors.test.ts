import { describe, expect, it } from 'vitest';
import { errorResponse } from './errors';

describe('errorResponse', () => {
  it('answers a database out of reach (restart, failover) with 503 unavailable and Retry-After, not a 500', async () => {
    const lost = new Error('Failed query: select 1', { cause: Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' }) });
    const res = errorResponse(lost);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('answers anything else unknown with a 500 that shows nothing of it', async () => {
    const res = errorResponse(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }));
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).not.toContain('relation');
  });
});
