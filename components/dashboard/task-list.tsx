import Link from 'next/link';
import { formatWhen, kindLabel } from '@/components/tasks/format';
import { StatusBadge } from '@/components/tasks/status-badge';
import type { DashboardTask, LastAttempt } from '@/lib/dashboard/tasks';

function attemptText(a: LastAttempt | null): string {
  if (!a) return 'no attempt yet';
  const what = a.outcome ?? 'in progress';
  return `${what}${a.httpStatus ? ` (${a.httpStatus})` : ''} · ${formatWhen(a.at)}`;
}

function nextText(t: DashboardTask): string {
  if (t.schedule) return `cron ${t.schedule}`;
  return t.nextRunAt ? formatWhen(t.nextRunAt) : '—';
}

const taskTitle = (t: DashboardTask) => t.name ?? `Task ${t.id.slice(0, 8)}`;

/** The tasks as a table from `md` up and as stacked cards on phones. */
export function TaskList({ tasks }: { tasks: DashboardTask[] }) {
  return (
    <>
      <div className="hidden overflow-x-auto rounded border border-slate-200 bg-white md:block">
        <table className="w-full text-sm">
          <thead className="bg-slate-100 text-left text-slate-700">
            <tr>
              {['Task', 'Status', 'Kind', 'Connection', 'Next run', 'Last attempt', 'Attempts'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id} className="border-t border-slate-100" data-testid="task-row" data-task-id={t.id}>
                <td className="max-w-56 truncate px-3 py-2">
                  <Link className="font-medium text-sky-800 underline" href={`/tasks/${t.id}`}>
                    {taskTitle(t)}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={t.status} />
                </td>
                <td className="px-3 py-2">{kindLabel(t.kind)}</td>
                <td className="max-w-40 truncate px-3 py-2">{t.connectionLabel ?? '—'}</td>
                <td className="px-3 py-2 text-slate-700">{nextText(t)}</td>
                <td className="px-3 py-2 text-slate-700">{attemptText(t.lastAttempt)}</td>
                <td className="px-3 py-2">{t.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden">
        {tasks.map((t) => (
          <li key={t.id} className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="task-card">
            <div className="flex items-start justify-between gap-2">
              <Link className="min-w-0 break-words font-medium text-sky-800 underline" href={`/tasks/${t.id}`}>
                {taskTitle(t)}
              </Link>
              <StatusBadge status={t.status} testId="task-card-status" />
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-slate-700">
              <dt>Kind</dt>
              <dd>{kindLabel(t.kind)}</dd>
              <dt>Connection</dt>
              <dd className="break-words">{t.connectionLabel ?? '—'}</dd>
              <dt>Next run</dt>
              <dd>{nextText(t)}</dd>
              <dt>Last attempt</dt>
              <dd>{attemptText(t.lastAttempt)}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
