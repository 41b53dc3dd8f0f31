import { z } from 'zod';
import { taskStatuses } from '@/lib/db/schema/tasks';

export const DASHBOARD_PAGE_SIZE = 25;

/**
 * The dashboard's filter set: the query string of /dashboard, the filter form, the live-update
 * stamp and the bulk actions all read it through this one schema, so "the filtered set" means the
 * same rows everywhere.
 */
export const dashboardFiltersSchema = z.object({
  status: z.enum(taskStatuses, 'is not a task status').optional(),
  kind: z.string().trim().min(1).max(100, 'must be at most 100 characters').optional(),
  connectionId: z.uuid('is not a connection id').optional(),
  q: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  page: z.coerce.number('must be a page number').int('must be a page number').min(1, 'must be 1 or more').max(100_000, 'must be at most 100000').default(1),
});
export type DashboardFilters = z.output<typeof dashboardFiltersSchema>;

export type FilterIssue = { path: string; message: string };

/**
 * Filters from a query string. A value that is not valid is left out and named in `issues`, so the
 * page can say so instead of showing (or bulk-acting on) a wider set than the address asks for.
 * Empty values are "any", as the filter form submits them.
 */
export function parseDashboardFilters(
  params: Record<string, string | string[] | undefined>,
  kinds?: readonly string[],
): { filters: DashboardFilters; issues: FilterIssue[] } {
  const out: Record<string, unknown> = {};
  const issues: FilterIssue[] = [];
  const shape = dashboardFiltersSchema.shape;
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined) continue;
    if (!Object.hasOwn(shape, key)) {
      issues.push({ path: key, message: 'is not a dashboard filter' });
    } else if (Array.isArray(raw)) {
      issues.push({ path: key, message: 'is given more than once' });
    } else if (raw.trim() !== '') {
      const parsed = shape[key as keyof typeof shape].safeParse(raw);
      if (parsed.success) out[key] = parsed.data;
      else issues.push({ path: key, message: parsed.error.issues[0]?.message ?? 'is not valid' });
    }
  }
  if (kinds && typeof out.kind === 'string' && !kinds.includes(out.kind)) {
    delete out.kind;
    issues.push({ path: 'kind', message: 'is not an integration kind' });
  }
  return { filters: dashboardFiltersSchema.parse(out), issues };
}

/** The query string for a filter set (page 1 is left out). */
export function filtersToQuery(filters: Partial<DashboardFilters>): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'kind', 'connectionId', 'q'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.page && filters.page > 1) params.set('page', String(filters.page));
  const query = params.toString();
  return query ? `?${query}` : '';
}
