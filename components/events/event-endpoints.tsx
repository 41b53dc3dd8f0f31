'use client';
import * as Dialog from '@radix-ui/react-dialog';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { createEventEndpointAction, deleteEventEndpointAction, resendEventDeliveryAction } from '@/lib/actions/events';
import { DataTable } from '@/components/ui/data-table';
import { Button, Field, FormError } from '@/components/ui/field';

export type DeliveryRow = { id: string; eventId: string; type: string; taskId: string | null; status: string; attempts: number; lastError: string | null; createdAt: string };
export type EndpointRow = { id: string; url: string; events: string[]; description: string | null; enabled: boolean; deliveries: DeliveryRow[] };

const EVENT_TYPES = ['task.succeeded', 'task.failed', 'task.skipped', 'task.awaiting_approval', 'task.cancelled'];

/** Event endpoints with their recent deliveries: create (secret shown once), delete, resend. */
export function EventEndpoints({ endpoints }: { endpoints: EndpointRow[] }) {
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['task.succeeded', 'task.failed']);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function create(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setFieldErrors({});
    startTransition(async () => {
      const result = await createEventEndpointAction({ url, events: events as never });
      if (result.status === 'error') {
        setError(result.message);
        setFieldErrors(result.fieldErrors ?? {});
        return;
      }
      setUrl('');
      setSecret(result.data.secret);
      router.refresh();
    });
  }

  function run(action: () => Promise<{ status: string; message?: string }>) {
    startTransition(async () => {
      const result = await action();
      if (result.status === 'error') setError(result.message ?? 'Something went wrong');
      router.refresh();
    });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={create} className="space-y-3 rounded border border-slate-200 p-4" noValidate>
        <Field label="Endpoint URL" placeholder="https://example.com/outpost-events" value={url} onChange={(e) => setUrl(e.target.value)} error={fieldErrors.url} />
        <fieldset>
          <legend className="text-sm font-medium">Events</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {EVENT_TYPES.map((type) => (
              <label key={type} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={events.includes(type)}
                  onChange={(e) => setEvents((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))}
                />
                {type}
              </label>
            ))}
          </div>
          {fieldErrors.events ? <p className="mt-1 text-sm text-red-700">{fieldErrors.events}</p> : null}
        </fieldset>
        <Button type="submit" disabled={pending}>
          Add endpoint
        </Button>
      </form>
      <FormError message={error} />

      <Dialog.Root open={secret !== null} onOpenChange={(open) => !open && setSecret(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 bg-black/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 rounded bg-white p-6 shadow-lg">
            <Dialog.Title className="text-lg font-semibold">Signing secret</Dialog.Title>
            <Dialog.Description className="mt-1 text-sm text-slate-600">
              Verify each request with it (Standard Webhooks). Copy it now: it is shown only once.
            </Dialog.Description>
            <code data-testid="event-endpoint-secret" className="mt-4 block break-all rounded bg-slate-100 p-3 font-mono text-sm">
              {secret}
            </code>
            <div className="mt-4 flex justify-end">
              <Dialog.Close className="rounded border border-slate-300 px-4 py-2 text-sm">Done</Dialog.Close>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>

      {endpoints.length === 0 ? <p className="text-sm text-slate-600">No event endpoints yet.</p> : null}
      {endpoints.map((endpoint) => (
        <section key={endpoint.id} className="space-y-2" data-testid="event-endpoint" aria-label={`Endpoint ${endpoint.url}`}>
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <h2 className="font-mono text-sm font-semibold break-all">{endpoint.url}</h2>
            <span className="text-xs text-slate-600">{endpoint.events.join(', ')}</span>
            {endpoint.enabled ? null : <span className="text-xs text-amber-800">paused</span>}
            <button className="ml-auto text-sm text-red-700 underline" disabled={pending} onClick={() => run(() => deleteEventEndpointAction({ id: endpoint.id }))}>
              Delete
            </button>
          </div>
          <DataTable headers={['Event', 'Task', 'Status', 'Attempts', 'When', '']} isEmpty={endpoint.deliveries.length === 0} empty="No deliveries yet.">
            {endpoint.deliveries.map((d) => (
              <tr key={d.id} className="border-t border-slate-100" data-testid="event-delivery">
                <td className="px-3 py-2">
                  {d.type}
                  <div className="font-mono text-xs text-slate-600">{d.eventId}</div>
                </td>
                <td className="px-3 py-2">{d.taskId ? <a className="text-sky-800 underline" href={`/tasks/${d.taskId}`}>{d.taskId.slice(0, 8)}</a> : '—'}</td>
                <td className="px-3 py-2">
                  {d.status}
                  {d.lastError ? <div className="text-xs text-slate-600">{d.lastError}</div> : null}
                </td>
                <td className="px-3 py-2">{d.attempts}</td>
                <td className="px-3 py-2 text-slate-600">{new Date(d.createdAt).toLocaleString()}</td>
                <td className="px-3 py-2 text-right">
                  <button className="text-sky-800 underline" disabled={pending} onClick={() => run(() => resendEventDeliveryAction({ endpointId: endpoint.id, deliveryId: d.id }))}>
                    Resend
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ))}
    </div>
  );
}
