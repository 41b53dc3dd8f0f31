import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LiveRefresh } from '@/components/dashboard/live-refresh';
import { ApprovalReview } from '@/components/tasks/approval-review';
import { AttemptsTimeline } from '@/components/tasks/attempts-timeline';
import { formatWhen, kindLabel } from '@/components/tasks/format';
import { ResultLinks } from '@/components/tasks/result-links';
import { StatusBadge } from '@/components/tasks/status-badge';
import { TaskActions } from '@/components/tasks/task-actions';
import { requireUserId } from '@/lib/auth/session';
import { listConnections } from '@/lib/credentials';
import { AppError } from '@/lib/errors';
import { getOwnedTask, listAttempts, toAttemptView, toTaskView } from '@/lib/tasks';

export const metadata = { title: 'Task · Outpost' };

async function load(userId: string, id: string) {
  try {
    const [task, attempts, connections] = await Promise.all([getOwnedTask(userId, id), listAttempts(userId, id), listConnections(userId)]);
    return { task: toTaskView(task), attempts: attempts.map(toAttemptView), connection: connections.find((c) => c.id === task.connectionId) ?? null };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const userId = await requireUserId();
  const { id } = await params;
  const loaded = await load(userId, id);
  if (!loaded) notFound();
  const { task, attempts, connection } = loaded;
  const title = task.name ?? `Task ${task.id.slice(0, 8)}`;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link className="text-sky-800 underline" href="/dashboard">
          Dashboard
        </Link>{' '}
        / <span className="text-slate-700">{title}</span>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="break-words text-2xl font-semibold">{title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <StatusBadge status={task.status} /> {kindLabel(task.kind)}
            {connection ? <> · {connection.label}</> : null}
          </p>
        </div>
        <LiveRefresh />
      </div>
      <TaskActions id={task.id} status={task.status} />

      {task.status === 'awaiting_approval' ? (
        <section aria-labelledby="approval-heading" className="rounded border border-orange-200 bg-orange-50 p-4">
          <h2 id="approval-heading" className="text-lg font-medium">
            Waiting for your approval
          </h2>
          <ApprovalReview id={task.id} kind={task.kind} payload={task.approvalPayload} config={task.config} expiresAt={task.approvalExpiresAt} />
        </section>
      ) : null}

      {task.lastError ? (
        <div role="status" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900" data-testid="last-error">
          <p className="font-medium">Last error: {task.lastError.code}</p>
          <p className="break-words">{task.lastError.message}</p>
        </div>
      ) : null}

      <section aria-labelledby="overview-heading" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="overview-heading" className="text-lg font-medium">
          Overview
        </h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt className="text-slate-700">Attempts</dt>
          <dd data-testid="task-attempt-count">
            {task.attempts} of {task.maxAttempts}
          </dd>
          <dt className="text-slate-700">Created</dt>
          <dd>{formatWhen(task.createdAt)}</dd>
          <dt className="text-slate-700">Run at</dt>
          <dd>{task.schedule ? `cron ${task.schedule}` : formatWhen(task.runAt)}</dd>
          <dt className="text-slate-700">Updated</dt>
          <dd>{formatWhen(task.updatedAt)}</dd>
          <dt className="text-slate-700">Batch key</dt>
          <dd className="break-all">{task.batchKey ?? '—'}</dd>
          <dt className="text-slate-700">Depends on</dt>
          <dd>
            {task.dependsOn.length
              ? task.dependsOn.map((d) => (
                  <Link key={d} className="mr-2 text-sky-800 underline" href={`/tasks/${d}`}>
                    {d.slice(0, 8)}
                  </Link>
                ))
              : '—'}
          </dd>
        </dl>
      </section>

      <section aria-labelledby="result-heading" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="result-heading" className="mb-2 text-lg font-medium">
          Result
        </h2>
        <ResultLinks kind={task.kind} result={task.result} />
      </section>

      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading" className="mb-2 text-lg font-medium">
          Attempts
        </h2>
        <AttemptsTimeline attempts={attempts} />
      </section>

      <section aria-labelledby="input-heading" className="rounded border border-slate-200 bg-white p-4">
        <h2 id="input-heading" className="text-lg font-medium">
          Input and configuration
        </h2>
        <details className="mt-2">
          <summary className="cursor-pointer text-sm">Agent result (input)</summary>
          <pre tabIndex={0} className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(task.input, null, 2)}</pre>
        </details>
        <details className="mt-2">
          <summary className="cursor-pointer text-sm">Configuration</summary>
          <pre tabIndex={0} className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(task.config, null, 2)}</pre>
        </details>
        {task.template ? (
          <details className="mt-2">
            <summary className="cursor-pointer text-sm">Template</summary>
            <pre tabIndex={0} className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{task.template}</pre>
          </details>
        ) : null}
      </section>
    </div>
  );
}
