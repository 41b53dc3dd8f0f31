'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button, Field, FormError } from '@/components/ui/field';
import { createConnectionAction } from '@/lib/actions/connections';
import { connectKindInfo, connectKinds } from '@/lib/connect/kinds';
import type { IntegrationOption } from '@/lib/wizard/model';

const secretLike = /password|token|secret/i;

/**
 * Connect an account without leaving the wizard: paste the webhook URL / credentials here (checked
 * by the server like on the Connections page), or follow the provider's connect flow, which comes
 * back to the wizard with the draft intact.
 */
export function InlineConnect({ integration, onConnected }: { integration: IntegrationOption; onConnected: (id: string) => void }) {
  const fields = Object.entries(integration.secretSchema?.properties ?? {}).filter(([, p]) => p.type === 'string');
  const required = integration.secretSchema?.required ?? [];
  const schema = useMemo(
    () =>
      z.object({
        label: z.string().trim().min(1, 'Give the connection a label').max(100),
        secret: z.object(Object.fromEntries(fields.map(([name]) => [name, required.includes(name) ? z.string().trim().min(1, 'is required') : z.string()]))),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [integration.kind],
  );
  const form = useForm<{ label: string; secret: Record<string, string> }>({ resolver: zodResolver(schema) as never, defaultValues: { label: '', secret: {} } });
  const [error, setError] = useState<string | null>(null);
  const flows = connectKinds.filter((k) => connectKindInfo[k].integration === integration.kind);

  async function save(values: { label: string; secret: Record<string, string> }) {
    setError(null);
    const secret = Object.fromEntries(Object.entries(values.secret).filter(([, v]) => v && v.trim() !== ''));
    const result = await createConnectionAction({ kind: integration.kind, label: values.label, secret });
    if (result.status === 'error') {
      setError(result.message);
      for (const [path, message] of Object.entries(result.fieldErrors ?? {})) form.setError(path as 'label', { message });
      return;
    }
    form.reset({ label: '', secret: {} });
    onConnected(result.data.id);
  }

  return (
    <div className="space-y-3 rounded border border-slate-200 bg-slate-50 p-4">
      <h3 className="font-medium">Connect {integration.displayName}</h3>
      {flows.length ? (
        <ul className="space-y-1 text-sm">
          {flows.map((k) => (
            <li key={k}>
              {/* Self-hosted WordPress asks for the site address first: that form is on the Connections page. */}
              <a
                className="text-sky-800 underline"
                href={k === 'wordpress' ? '/connections' : `/connect/${k}?returnTo=${encodeURIComponent('/tasks/new')}`}
              >
                Connect with {connectKindInfo[k].provider}
              </a>{' '}
              <span className="text-slate-700">— {connectKindInfo[k].description} Your draft is kept while you are away.</span>
            </li>
          ))}
        </ul>
      ) : null}
      {fields.length ? (
        <form onSubmit={form.handleSubmit(save)} noValidate className="space-y-3" aria-label={`Paste ${integration.displayName} credentials`}>
          <p className="text-sm text-slate-700">Or paste the credentials; they are checked, stored encrypted and never shown again.</p>
          <FormError message={error} />
          <Field label="Connection label" {...form.register('label')} error={form.formState.errors.label?.message} />
          {fields.map(([name, prop]) => (
            <Field
              key={name}
              label={`${name}${required.includes(name) ? '' : ' (optional)'}`}
              type={secretLike.test(name) ? 'password' : 'text'}
              autoComplete="off"
              placeholder={(prop as { description?: string }).description}
              {...form.register(`secret.${name}`)}
              error={form.formState.errors.secret?.[name]?.message}
            />
          ))}
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Verifying…' : 'Save connection'}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
