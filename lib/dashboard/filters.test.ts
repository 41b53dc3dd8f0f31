import { describe, expect, it } from 'vitest';
import { filtersToQuery, parseDashboardFilters } from './filters';

const KINDS = ['http-post', 'slack-webhook'];

describe('dashboard filters', () => {
  it('reads a valid query string', () => {
    expect(parseDashboardFilters({ status: 'failed', kind: 'slack-webhook', q: '  weekly ', page: '3' }, KINDS)).toEqual({
      filters: { status: 'failed', kind: 'slack-webhook', q: 'weekly', page: 3 },
      issues: [],
    });
    // Empty fields mean "any", as the filter form submits them.
    expect(parseDashboardFilters({ status: '', q: ' ', page: undefined }, KINDS)).toEqual({ filters: { page: 1 }, issues: [] });
  });

  it('names every value it cannot apply, and applies only the valid ones', () => {
    const { filters, issues } = parseDashboardFilters(
      { status: 'exploded', kind: 'fax', connectionId: 'nope', q: 'x'.repeat(201), page: '-1', sort: 'name', extra: ['a', 'b'] },
      KINDS,
    );
    expect(filters).toEqual({ page: 1 });
    expect(issues).toEqual([
      { path: 'status', message: 'is not a task status' },
      { path: 'connectionId', message: 'is not a connection id' },
      { path: 'q', message: 'must be at most 200 characters' },
      { path: 'page', message: 'must be 1 or more' },
      { path: 'sort', message: 'is not a dashboard filter' },
      { path: 'extra', message: 'is not a dashboard filter' },
      { path: 'kind', message: 'is not an integration kind' },
    ]);
    expect(parseDashboardFilters({ page: 'two', status: ['failed', 'queued'] }).issues).toEqual([
      { path: 'page', message: 'must be a page number' },
      { path: 'status', message: 'is given more than once' },
    ]);
    expect(parseDashboardFilters({ page: '1.5' }).issues).toEqual([{ path: 'page', message: 'must be a page number' }]);
  });

  it('writes the query string back, leaving page 1 out', () => {
    expect(filtersToQuery({ status: 'failed', q: 'a b', page: 1 })).toBe('?status=failed&q=a+b');
    expect(filtersToQuery({ page: 2 })).toBe('?page=2');
    expect(filtersToQuery({})).toBe('');
  });
});
