'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { approveTasksAction } from '@/lib/actions/tasks';
import { Button } from '@/components/ui/field';

/** Approves every task listed, as held (edits are made one by one). */
export function BulkApprove({ ids }: { ids: string[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button
        type="button"
        disabled={pending || ids.length === 0}
        onClick={() =>
          startTransition(async () => {
            const result = await approveTasksAction({ ids });
            if (result.status === 'error') setMessage(result.message);
            else setMessage(`${result.data.approved.length} approved${result.data.failed.length ? `, ${result.data.failed.length} could not be: ${result.data.failed.map((f) => f.message).join('; ')}` : ''}`);
            router.refresh();
          })
        }
      >
        Approve all ({ids.length})
      </Button>
      {message ? (
        <p role="status" className="text-sm text-slate-700" data-testid="bulk-approve-result">
          {message}
        </p>
      ) : null}
    </div>
  );
}
