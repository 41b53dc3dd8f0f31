import type { TaskStatus } from '@/lib/db/schema/tasks';

const styles: Record<TaskStatus, string> = {
  draft: 'bg-slate-100 text-slate-800',
  scheduled: 'bg-indigo-100 text-indigo-900',
  waiting: 'bg-violet-100 text-violet-900',
  queued: 'bg-sky-100 text-sky-900',
  running: 'bg-blue-100 text-blue-900',
  retrying: 'bg-amber-100 text-amber-900',
  awaiting_approval: 'bg-orange-100 text-orange-900',
  succeeded: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  cancelled: 'bg-slate-200 text-slate-800',
  skipped: 'bg-stone-200 text-stone-800',
};

export function StatusBadge({ status, testId = 'task-status' }: { status: TaskStatus; testId?: string }) {
  return (
    <span data-testid={testId} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${styles[status] ?? 'bg-slate-100'}`}>
      {status}
    </span>
  );
}
