'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { deleteConnectionAction, renameConnectionAction, testConnectionAction } from '@/lib/actions/connections';
import type { ConnectionListItem } from '@/lib/connect/overview';
import { Button, Field, FormError } from '@/components/ui/field';

const statusText: Record<string, { text: string; className: string }> = {
  active: { text: 'Active', className: 'bg-emerald-100 text-emerald-800' },
  needs_reauth: { text: 'Needs reconnecting', className: 'bg-amber-100 text-amber-900' },
  broken: { text: 'Broken', className: 'bg-red-100 text-red-800' },
  revoked: { text: 'Revoked', className: 'bg-slate-200 text-slate-700' },
};

const kindNames: Record<string, string> = {
  'twitter-thread': 'X',
  'slack-webhook': 'Slack',
  'discord-webhook': 'Discord',
  'wordpress-post': 'WordPress',
  'http-post': 'HTTP',
};

/** Where "Reconnect" sends the person: the same connect flow, which updates this connection in place. */
export function reconnectHref(c: ConnectionListItem): string | null {
  if (c.kind === 'twitter-thread') return '/connect/x';
  if (c.kind === 'wordpress-post') return c.wordpressCom ? '/connect/wordpress-com' : c.siteUrl ? `/connect/wordpress?site=${encodeURIComponent(c.siteUrl)}` : null;
  if (c.via !== 'oauth') return null;
  if (c.kind === 'slack-webhook') return '/connect/slack';
  if (c.kind === 'discord-webhook') return '/connect/discord';
  return null;
}

const when = (iso: string | null, none: string) => (iso ? new Date(iso).toLocaleString() : none);
const actionClass = 'rounded px-2 py-1 text-sm underline underline-offset-2 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-slate-900 disabled:opacity-50';
const dialogClass = 'fixed top-1/2 left-1/2 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded bg-white p-6 shadow-lg';

export function ConnectionList({ items, highlight }: { items: ConnectionListItem[]; highlight?: string }) {
  if (items.length === 0) {
    return <p className="rounded border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">No connections yet. Connect an account below, or paste a webhook.</p>;
  }
  return (
    <ul className="space-y-3">
      {items.map((c) => (
        <ConnectionItem key={c.id} item={c} highlighted={c.id === highlight} />
      ))}
    </ul>
  );
}

function ConnectionItem({ item: c, highlighted }: { item: ConnectionListItem; highlighted: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const status = statusText[c.status] ?? { text: c.status, className: 'bg-slate-100 text-slate-700' };
  const reconnect = reconnectHref(c);

  const test = () =>
    startTransition(async () => {
      const r = await testConnectionAction({ id: c.id });
      setMessage(r.status === 'ok' ? { ok: r.data.ok, text: r.data.message } : { ok: false, text: r.message });
    });

  return (
    <li
      data-testid="connection-row"
      className={`rounded border bg-white p-4 ${highlighted ? 'border-emerald-400 ring-1 ring-emerald-300' : 'border-slate-200'}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="font-medium break-words">{c.label}</h3>
          <p className="text-sm text-slate-600">{kindNames[c.kind] ?? c.kind}</p>
        </div>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${status.className}`}>{status.text}</span>
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        {c.account ? <Row term="Account" value={c.account} testId="connection-account" /> : null}
        {c.target ? <Row term={c.siteUrl ? 'Site' : 'Channel'} value={c.target} testId="connection-target" /> : null}
        {c.allowedOrigins ? <Row term="Sent only to" value={c.allowedOrigins.join(', ')} testId="connection-origins" /> : null}
        <Row term="Credential" value={c.hint || '—'} mono />
        <Row term="Last used" value={when(c.lastUsedAt, 'Not used yet')} />
        {c.tokenExpiresAt ? <Row term="Access expires" value={`${when(c.tokenExpiresAt, '')} (renewed automatically)`} /> : null}
      </dl>
      {c.statusReason && c.status !== 'active' ? <p className="mt-2 text-sm text-amber-900">{c.statusReason}</p> : null}
      {message ? (
        <p role="status" className={`mt-2 text-sm ${message.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {message.text}
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-1">
        <RenameDialog id={c.id} label={c.label} onDone={() => router.refresh()} />
        <button type="button" className={actionClass} disabled={pending} onClick={test}>
          {pending ? 'Testing…' : 'Test'}
        </button>
        {reconnect ? (
          <a className={actionClass} href={reconnect}>
            Reconnect
          </a>
        ) : null}
        <RevokeDialog item={c} onDone={() => router.refresh()} />
      </div>
    </li>
  );
}

function Row({ term, value, mono, testId }: { term: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <div className="flex min-w-0 gap-2">
      <dt className="shrink-0 text-slate-500">{term}</dt>
      <dd className={`min-w-0 break-all ${mono ? 'font-mono text-xs leading-5' : ''}`} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

const renameSchema = z.object({ label: z.string().trim().min(1, 'Give the connection a name').max(100, 'At most 100 characters') });

function RenameDialog({ id, label, onDone }: { id: string; label: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ label: string }>({ resolver: zodResolver(renameSchema), defaultValues: { label } });
  async function submit(values: { label: string }) {
    setError(null);
    const result = await renameConnectionAction({ id, label: values.label });
    if (result.status === 'error') return setError(result.fieldErrors?.label ?? result.message);
    setOpen(false);
    onDone();
  }
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={actionClass}>Rename</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className={dialogClass}>
          <Dialog.Title className="text-lg font-semibold">Rename connection</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">Only the name changes; tasks keep using this connection.</Dialog.Description>
          <form onSubmit={form.handleSubmit(submit)} className="mt-4 space-y-3" noValidate>
            <FormError message={error} />
            <Field id={`rename-${id}`} label="Name" {...form.register('label')} error={form.formState.errors.label?.message} />
            <div className="flex justify-end gap-2">
              <Dialog.Close className="rounded border border-slate-300 px-4 py-2 text-sm">Cancel</Dialog.Close>
              <Button type="submit" disabled={form.formState.isSubmitting}>
                Save name
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function RevokeDialog({ item, onDone }: { item: ConnectionListItem; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      const result = await deleteConnectionAction({ id: item.id });
      if (result.status === 'error') return setError(result.message);
      setOpen(false);
      onDone();
    });
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className={`${actionClass} text-red-700`}>Revoke</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 bg-black/40" />
        <Dialog.Content className={dialogClass}>
          <Dialog.Title className="text-lg font-semibold">Revoke “{item.label}”?</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Outpost tells the provider to revoke its access where the provider allows it, then erases the stored credentials. Tasks that use this connection will
            fail until you connect again.
          </Dialog.Description>
          <FormError message={error} />
          <div className="mt-4 flex justify-end gap-2">
            <Dialog.Close className="rounded border border-slate-300 px-4 py-2 text-sm">Keep it</Dialog.Close>
            <Button type="button" className="bg-red-700 hover:bg-red-600" disabled={pending} onClick={revoke}>
              {pending ? 'Revoking…' : 'Revoke connection'}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
