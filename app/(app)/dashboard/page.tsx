import Link from 'next/link';
import { ActivityPanel } from '@/components/dashboard/activity-panel';
import { BulkActions } from '@/components/dashboard/bulk-actions';
import { FiltersForm } from '@/components/dashboard/filters-form';
import { LiveRefresh } from '@/components/dashboard/live-refresh';
import { TaskList } from '@/components/dashboard/task-list';
import { Notice } from '@/components/ui/notice';
import { kindLabel } from '@/components/tasks/format';
import { requireUserId } from '@/lib/auth/session';
import { listConnections } from '@/lib/credentials';
import { deliveryActivity } from '@/lib/dashboard/activity';
import { countEligible } from '@/lib/dashboard/bulk';
import { DASHBOARD_PAGE_SIZE, filtersToQuery, parseDashboardFilters, type DashboardFilters, type FilterIssue } from '@/lib/dashboard/filters';
import { countsByStatus, listDashboardTasks } from '@/lib/dashboard/tasks';
import { taskStatuses } from '@/lib/db/schema/tasks';
import { integrationKinds } from '@/lib/integrations/registry';

export const metadata = { title: 'Dashboard · Outpost' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DashboardPage({ searchParams }: Props) {
  const userId = await requireUserId();
  const { filters, issues } = parseDashboardFilters(await searchParams, integrationKinds());
  const kinds = integrationKinds().map((k) => ({ value: k, label: kindLabel(k) }));
  // A filter that cannot be applied would widen the list (and the bulk actions) beyond what the
  // address asks for: say what is wrong and show only the form.
  if (issues.length > 0) return <InvalidFilters userId={userId} filters={filters} issues={issues} kinds={kinds} />;
  const { page: _page, ...filterSet } = filters;
  const [{ tasks, total }, counts, activity, connections, retryable, cancellable] = await Promise.all([
    listDashboardTasks(userId, filters),
    countsByStatus(userId, filters),
    deliveryActivity(userId),
    listConnections(userId),
    countEligible(userId, 'retry', filterSet),
    countEligible(userId, 'cancel', filterSet),
  ]);
  const pages = Math.max(1, Math.ceil(total / DASHBOARD_PAGE_SIZE));
  const filtered = Boolean(filters.status || filters.kind || filters.connectionId || filters.q);
  const anyTasks = filtered || total > 0 || Object.keys(counts).length > 0;

  return (
    <div className="space-y-6">
      <DashboardHeader live />

      <nav aria-label="Tasks per status" className="flex flex-wrap gap-2">
        {taskStatuses.map((status) => {
          const active = filters.status === status;
          return (
            <Link
              key={status}
              href={`/dashboard${filtersToQuery({ ...filterSet, status: active ? undefined : status })}`}
              aria-current={active ? 'true' : undefined}
              className="rounded border border-slate-200 bg-white px-3 py-1.5 text-sm aria-[current=true]:border-slate-900 aria-[current=true]:ring-1 aria-[current=true]:ring-slate-900"
            >
              <span className="text-slate-700">{status}</span>{' '}
              <span className="font-semibold" data-testid={`count-${status}`}>
                {counts[status] ?? 0}
              </span>
            </Link>
          );
        })}
      </nav>

      <ActivityPanel buckets={activity} />

      <FiltersForm filters={filters} kinds={kinds} connections={connectionOptions(connections)} />

      <section aria-labelledby="tasks-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tasks-heading" className="text-lg font-medium">
            Tasks <span className="text-sm font-normal text-slate-600">({total}{filtered ? ' matching' : ''})</span>
          </h2>
          <BulkActions filters={filterSet} retryable={retryable} cancellable={cancellable} />
        </div>
        {!anyTasks ? (
          <Notice title="No tasks yet" testId="tasks-empty">
            <Link className="underline" href="/tasks/new">
              Create one with the wizard
            </Link>
            , or let an agent call <code>POST /api/v1/tasks</code> with an{' '}
            <Link className="underline" href="/settings/api-keys">
              API key
            </Link>
            .
          </Notice>
        ) : tasks.length === 0 ? (
          <Notice title="No task matches these filters" testId="tasks-empty">
            <Link className="underline" href="/dashboard">
              Clear the filters
            </Link>
          </Notice>
        ) : (
          <TaskList tasks={tasks} />
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between text-sm">
            {filters.page > 1 ? (
              <Link className="rounded border border-slate-300 bg-white px-3 py-1.5" href={`/dashboard${filtersToQuery({ ...filters, page: filters.page - 1 })}`}>
                Previous
              </Link>
            ) : (
              <span />
            )}
            <span className="text-slate-700">
              Page {Math.min(filters.page, pages)} of {pages}
            </span>
            {filters.page < pages ? (
              <Link className="rounded border border-slate-300 bg-white px-3 py-1.5" href={`/dashboard${filtersToQuery({ ...filters, page: filters.page + 1 })}`}>
                Next
              </Link>
            ) : (
              <span />
            )}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

const FILTER_LABELS: Record<string, string> = { status: 'Status', kind: 'Kind', connectionId: 'Connection', q: 'Search', page: 'Page' };

const connectionOptions = (connections: { id: string; label: string; kind: string }[]) =>
  connections.map((c) => ({ value: c.id, label: `${c.label} (${kindLabel(c.kind)})` }));

function DashboardHeader({ live }: { live: boolean }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="mt-1 text-sm text-slate-700">Every output task, its status and its latest delivery attempt.</p>
      </div>
      <div className="flex items-center gap-4">
        {live ? <LiveRefresh /> : null}
        <Link href="/tasks/new" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700">
          New task
        </Link>
      </div>
    </div>
  );
}

async function InvalidFilters({ userId, filters, issues, kinds }: { userId: string; filters: DashboardFilters; issues: FilterIssue[]; kinds: { value: string; label: string }[] }) {
  const connections = await listConnections(userId);
  const fieldErrors = Object.fromEntries(issues.map((i) => [i.path, i.message]));
  return (
    <div className="space-y-6">
      <DashboardHeader live={false} />
      <Notice tone="error" title="These filters cannot be applied" testId="filters-invalid">
        <ul className="list-disc pl-5">
          {issues.map((issue) => (
            <li key={issue.path}>
              {FILTER_LABELS[issue.path] ?? <code>{issue.path}</code>} {issue.message}.
            </li>
          ))}
        </ul>
        <p className="mt-2">
          Correct them below, or{' '}
          <Link className="underline" href="/dashboard">
            clear the filters
          </Link>
          .
        </p>
      </Notice>
      <FiltersForm filters={filters} kinds={kinds} connections={connectionOptions(connections)} serverErrors={fieldErrors} />
    </div>
  );
}
