import { describe, expect, it } from 'vitest';
import { filtersToQuery, parseDashboardFilters } from './filters';

describe('dashboard filters', () => {
  it('keeps the valid filters of a query string and drops malformed ones instead of failing the page', () => {
    expect(parseDashboardFilters({ status: 'failed', kind: 'slack-webhook', connectionId: 'nope', q: '  weekly ', page: '3' })).toEqual({
      status: 'failed',
      kind: 'slack-webhook',
      q: 'weekly',
      page: 3,
    });
    expect(parseDashboardFilters({ status: 'exploded', page: '-1', q: '' })).toEqual({ page: 1 });
  });

  it('writes the query string back, leaving page 1 out', () => {
    expect(filtersToQuery({ status: 'failed', q: 'a b', page: 1 })).toBe('?status=failed&q=a+b');
    expect(filtersToQuery({ page: 2 })).toBe('?page=2');
    expect(filtersToQuery({})).toBe('');
  });
});
