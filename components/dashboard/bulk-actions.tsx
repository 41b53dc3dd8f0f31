'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { bulkTaskAction } from '@/lib/actions/tasks';
import type { DashboardFilters } from '@/lib/dashboard/filters';

type Filters = Omit<DashboardFilters, 'page'>;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Retry every failed task, or cancel every pending one, of the filtered set (after a confirmation). */
export function BulkActions({ filters, retryable, cancellable }: { filters: Filters; retryable: number; cancellable: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  function run(command: 'retry' | 'cancel') {
    return async () => {
      const result = await bulkTaskAction({ command, filters });
      if (result.status === 'error') return result.message;
      const { done, skipped, remaining } = result.data;
      const verb = command === 'retry' ? 'queued again' : 'cancelled';
      setMessage(
        `${plural(done, 'task')} ${verb}` +
          (skipped ? `; ${plural(skipped, 'task')} had changed state and were left alone` : '') +
          (remaining ? `; ${remaining} more remain — run it again` : ''),
      );
      router.refresh();
      return null;
    };
  }

  const button = 'rounded border border-slate-300 bg-white px-3 py-1.5 text-sm disabled:opacity-50';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConfirmDialog
        trigger={
          <button type="button" className={button} disabled={retryable === 0}>
            Retry failed ({retryable})
          </button>
        }
        title={`Retry ${plural(retryable, 'failed task')}?`}
        description="Each failed task in the current filter is queued again with its attempt count reset."
        confirmLabel="Retry them"
        onConfirm={run('retry')}
      />
      <ConfirmDialog
        trigger={
          <button type="button" className={button} disabled={cancellable === 0}>
            Cancel pending ({cancellable})
          </button>
        }
        title={`Cancel ${plural(cancellable, 'pending task')}?`}
        description="Drafts, scheduled, waiting, queued and retrying tasks in the current filter are cancelled; a running attempt finishes first."
        confirmLabel="Cancel them"
        tone="danger"
        onConfirm={run('cancel')}
      />
      {message ? (
        <p role="status" className="text-sm text-slate-700" data-testid="bulk-result">
          {message}
        </p>
      ) : null}
    </div>
  );
}
