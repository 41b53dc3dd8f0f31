'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';

const schema = z.object({ q: z.string().trim().max(200, 'Use at most 200 characters'), kind: z.string() });
type Values = z.infer<typeof schema>;

export function MarketplaceFilters({ q, kind, kinds }: { q: string; kind: string; kinds: { value: string; label: string }[] }) {
  const router = useRouter();
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { q, kind } });
  function apply(values: Values) {
    const params = new URLSearchParams();
    if (values.q) params.set('q', values.q);
    if (values.kind) params.set('kind', values.kind);
    router.push(`/marketplace${params.size ? `?${params}` : ''}`);
  }
  return (
    <form role="search" aria-label="Search the marketplace" onSubmit={form.handleSubmit(apply)} noValidate className="grid gap-3 rounded border border-slate-200 bg-white p-4 sm:grid-cols-[2fr_1fr_auto]">
      <Field label="Search" placeholder="words in the name or description" {...form.register('q')} error={form.formState.errors.q?.message} />
      <Select label="Kind" {...form.register('kind')} options={[{ value: '', label: 'Any kind' }, ...kinds]} />
      <div className="flex items-end">
        <button type="submit" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
          Search
        </button>
      </div>
    </form>
  );
}
