'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createConnectionAction } from '@/lib/actions/connections';
import { Button, Field, FormError } from '@/components/ui/field';

type JsonSchema = { properties?: Record<string, { type?: string; description?: string }>; required?: string[] };
type FormValues = { label: string; secret: Record<string, string | undefined> };
export type ConnectableKind = { kind: string; displayName: string; secretSchema: JsonSchema };

const secretLike = /password|token|secret/i;

/** The browser's first check, with the server's messages; the server validates everything again (formats, the provider). */
function formSchema(secretSchema: JsonSchema) {
  const required = new Set(secretSchema.required ?? []);
  const secret = Object.fromEntries(
    Object.entries(secretSchema.properties ?? {})
      .filter(([, p]) => p.type === 'string')
      .map(([name]) => [name, required.has(name) ? z.string().trim().min(1, 'is required') : z.string().optional()]),
  );
  return z.object({
    label: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    secret: z.object(secret),
  });
}

/** One form for every kind: the secret's fields come from the integration's JSON schema. */
export function ConnectionForm({ kinds }: { kinds: ConnectableKind[] }) {
  const router = useRouter();
  const [kind, setKind] = useState(kinds[0]?.kind ?? '');
  const [formError, setFormError] = useState<string | null>(null);
  const schema = useMemo(() => kinds.find((k) => k.kind === kind)?.secretSchema ?? {}, [kinds, kind]);
  // useForm takes its options anew on each render, so the resolver follows the chosen kind.
  const resolver = useMemo(() => zodResolver(formSchema(schema)) as never, [schema]);
  const form = useForm<FormValues>({ resolver });
  const fields = Object.entries(schema.properties ?? {}).filter(([, p]) => p.type === 'string');

  async function onSubmit(values: FormValues) {
    setFormError(null);
    const secret = Object.fromEntries(fields.map(([name]) => [name, values.secret?.[name] ?? '']).filter(([, v]) => v !== ''));
    const result = await createConnectionAction({ kind, label: values.label ?? '', secret });
    if (result.status === 'ok') {
      form.reset({ label: '', secret: {} });
      router.refresh();
      return;
    }
    setFormError(result.message);
    for (const [path, message] of Object.entries(result.fieldErrors ?? {})) form.setError(path as 'label', { message });
  }

  if (kinds.length === 0) return null;
  return (
    <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-3 rounded border border-slate-200 bg-white p-4" noValidate>
      <h2 className="font-medium">Add a connection</h2>
      <FormError message={formError} />
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Kind</span>
        <select
          className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
        >
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.displayName}
            </option>
          ))}
        </select>
      </label>
      <Field label="Label" {...form.register('label')} error={form.formState.errors.label?.message} />
      {fields.map(([name, prop]) => (
        <Field
          key={`${kind}.${name}`}
          label={`${name}${schema.required?.includes(name) ? '' : ' (optional)'}`}
          type={secretLike.test(name) ? 'password' : 'text'}
          placeholder={prop.description}
          autoComplete="off"
          {...form.register(`secret.${name}`)}
          error={form.formState.errors.secret?.[name]?.message}
        />
      ))}
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Verifying…' : 'Save connection'}
      </Button>
    </form>
  );
}
