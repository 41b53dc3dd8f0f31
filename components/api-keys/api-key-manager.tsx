'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { createApiKeyAction, revokeApiKeyAction } from '@/lib/actions/api-keys';
import { DataTable } from '@/components/ui/data-table';
import { Button, Field, FormError } from '@/components/ui/field';

export type ApiKeyRow = { id: string; name: string; prefix: string; lastUsedAt: string | null; revokedAt: string | null; createdAt: string };

const schema = z.object({ name: z.string().trim().min(1, 'Give the key a name').max(100) });

export function ApiKeyManager({ keys }: { keys: ApiKeyRow[] }) {
  const router = useRouter();
  const [newKey, setNewKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const form = useForm<{ name: string }>({ resolver: zodResolver(schema) });

  async function onCreate(values: { name: string }) {
    setError(null);
    const result = await createApiKeyAction(values);
    if (result.status === 'error') return setError(result.message);
    form.reset({ name: '' });
    setNewKey(result.data.key);
    router.refresh();
  }

  function revoke(id: string) {
    startTransition(async () => {
      const result = await revokeApiKeyAction({ id });
      if (result.status === 'error') setError(result.message);
      router.refresh();
    });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={form.handleSubmit(onCreate)} className="flex items-end gap-3" noValidate>
        <div className="flex-1">
          <Field label="Key name" placeholder="e.g. research-agent" {...form.register('name')} error={form.formState.errors.name?.message} />
        </div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Create API key
        </Button>
      </form>
      <FormError message={error} />

      <Dialog.Root open={newKey !== null} onOpenChange={(open) => !open && setNewKey(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-black/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 rounded bg-white p-6 shadow-lg">
            <Dialog.Title className="text-lg font-semibold">Your new API key</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              Copy it now: it is shown only once and stored only as a hash.
            </Dialog.Description>
            <code data-testid="new-api-key" className="mt-4 block break-all rounded bg-slate-100 p-3 font-mono text-sm">
              {newKey}
            </code>
            <div className="mt-4 flex justify-end gap-2">
              <Button type="button" onClick={() => newKey && navigator.clipboard?.writeText(newKey)}>
                Copy
              </Button>
              <Dialog.Close className="rounded border border-slate-300 px-4 py-2 text-sm">Done</Dialog.Close>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>

      <DataTable headers={['Name', 'Key', 'Created', 'Last used', '']} isEmpty={keys.length === 0} empty="No API keys yet.">
        {keys.map((k) => (
            <tr key={k.id} className="border-t border-slate-100" data-testid="api-key-row">
              <td className="px-3 py-2">{k.name}</td>
              <td className="px-3 py-2 font-mono text-xs">{k.prefix}…</td>
              <td className="px-3 py-2 text-slate-500">{new Date(k.createdAt).toLocaleString()}</td>
              <td className="px-3 py-2 text-slate-500">{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
              <td className="px-3 py-2 text-right">
                {k.revokedAt ? (
                  <span className="text-slate-500">revoked</span>
                ) : (
                  <button className="text-red-600 underline" disabled={pending} onClick={() => revoke(k.id)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
      </DataTable>
    </div>
  );
}
