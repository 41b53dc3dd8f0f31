'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { deleteConnectionAction, testConnectionAction } from '@/lib/actions/connections';

export function ConnectionActions({ id }: { id: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const act = (fn: () => Promise<void>) => startTransition(fn);
  return (
    <div className="flex items-center justify-end gap-3">
      {message ? <span className="text-xs text-slate-600">{message}</span> : null}
      <button
        className="underline"
        disabled={pending}
        onClick={() =>
          act(async () => {
            const r = await testConnectionAction({ id });
            setMessage(r.status === 'ok' ? r.data.message : r.message);
          })
        }
      >
        Test
      </button>
      <button
        className="text-red-600 underline"
        disabled={pending}
        onClick={() =>
          act(async () => {
            const r = await deleteConnectionAction({ id });
            if (r.status === 'error') setMessage(r.message);
            router.refresh();
          })
        }
      >
        Delete
      </button>
    </div>
  );
}
