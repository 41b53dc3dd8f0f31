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
  kind: z.string().trim().min(1).max(100).optional(),
  connectionId: z.uuid('is not a connection id').optional(),
  q: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type DashboardFilters = z.output<typeof dashboardFiltersSchema>;

/** Filters from a query string: empty or malformed values are dropped instead of failing the page. */
export function parseDashboardFilters(params: Record<string, string | string[] | undefined>): DashboardFilters {
  const out: Record<string, unknown> = {};
  const shape = dashboardFiltersSchema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const raw = params[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value.trim() === '') continue;
    const parsed = shape[key].safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return dashboardFiltersSchema.parse(out);
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
