'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { dashboardFiltersSchema, filtersToQuery, type DashboardFilters } from '@/lib/dashboard/filters';
import { taskStatuses } from '@/lib/db/schema/tasks';

type Option = { value: string; label: string };
type Values = { status: string; kind: string; connectionId: string; q: string };

// The form holds strings ('' = any); the URL-facing schema decides what they mean.
const formSchema = z.object({ status: z.string(), kind: z.string(), connectionId: z.string(), q: z.string().max(200, 'Use at most 200 characters') });

export function FiltersForm({
  filters,
  kinds,
  connections,
  serverErrors = {},
}: {
  filters: DashboardFilters;
  kinds: Option[];
  connections: Option[];
  /** Messages for values of the address the server could not apply, by field. */
  serverErrors?: Partial<Record<string, string>>;
}) {
  const router = useRouter();
  const form = useForm<Values>({
    resolver: zodResolver(formSchema),
    defaultValues: { status: filters.status ?? '', kind: filters.kind ?? '', connectionId: filters.connectionId ?? '', q: filters.q ?? '' },
  });

  const error = (field: keyof Values) => form.formState.errors[field]?.message ?? serverErrors[field];

  function apply(values: Values) {
    const parsed = dashboardFiltersSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== '')));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) form.setError(String(issue.path[0]) as keyof Values, { message: issue.message });
      return;
    }
    router.push(`/dashboard${filtersToQuery({ ...parsed.data, page: 1 })}`);
  }

  return (
    <form role="search" aria-label="Filter tasks" onSubmit={form.handleSubmit(apply)} noValidate className="grid gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5">
      <Field label="Search by name" placeholder="name or task id" {...form.register('q')} error={error('q')} />
      <Select label="Status" {...form.register('status')} options={[{ value: '', label: 'Any status' }, ...taskStatuses.map((s) => ({ value: s, label: s }))]} error={error('status')} />
      <Select label="Kind" {...form.register('kind')} options={[{ value: '', label: 'Any kind' }, ...kinds]} error={error('kind')} />
      <Select label="Connection" {...form.register('connectionId')} options={[{ value: '', label: 'Any connection' }, ...connections]} error={error('connectionId')} />
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
          Apply
        </button>
        <button
          type="button"
          className="rounded border border-slate-300 px-4 py-2 text-sm"
          onClick={() => {
            form.reset({ status: '', kind: '', connectionId: '', q: '' });
            router.push('/dashboard');
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}
