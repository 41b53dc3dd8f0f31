'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { FormError } from '@/components/ui/field';
import { cancelTaskAction, deleteTaskAction, retryTaskAction, runTaskAction } from '@/lib/actions/tasks';
import type { TaskStatus } from '@/lib/db/schema/tasks';

const cancellable: TaskStatus[] = ['draft', 'scheduled', 'waiting', 'queued', 'retrying', 'running'];
const button = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50';

/** Run now, retry, cancel, duplicate into the wizard, delete: each offered only where it applies. */
export function TaskActions({ id, status }: { id: string; status: TaskStatus }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function command(action: typeof runTaskAction) {
    setError(null);
    startTransition(async () => {
      const result = await action({ id });
      if (result.status === 'error') setError(result.message);
      router.refresh();
    });
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {status === 'draft' || status === 'scheduled' ? (
          <button type="button" className={button} disabled={pending} onClick={() => command(runTaskAction)}>
            Run now
          </button>
        ) : null}
        {status === 'failed' ? (
          <button type="button" className={button} disabled={pending} onClick={() => command(retryTaskAction)}>
            Retry
          </button>
        ) : null}
        {cancellable.includes(status) ? (
          <ConfirmDialog
            trigger={
              <button type="button" className={button} disabled={pending}>
                Cancel task
              </button>
            }
            title="Cancel this task?"
            description={status === 'running' ? 'The attempt in flight finishes; no retry follows.' : 'It will not be delivered.'}
            confirmLabel="Cancel task"
            tone="danger"
            onConfirm={async () => {
              const result = await cancelTaskAction({ id });
              router.refresh();
              return result.status === 'error' ? result.message : null;
            }}
          />
        ) : null}
        <Link className={button} href={`/tasks/new?from=${id}`}>
          Duplicate
        </Link>
        {status !== 'running' ? (
          <ConfirmDialog
            trigger={
              <button type="button" className={`${button} text-red-700`} disabled={pending}>
                Delete
              </button>
            }
            title="Delete this task?"
            description="The task and its attempt log are removed for good. A pending task is cancelled first."
            confirmLabel="Delete task"
            tone="danger"
            onConfirm={async () => {
              const result = await deleteTaskAction({ id });
              if (result.status === 'error') return result.message;
              router.push('/dashboard');
              return null;
            }}
          />
        ) : null}
      </div>
      <FormError message={error} />
    </div>
  );
}
